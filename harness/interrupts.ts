/**
 * How a run learns that it must stop, and how fast:
 *  - Ctrl-C (SIGINT): `stop` aborts; the trial under way finishes and the report is written.
 *  - SIGTERM or SIGHUP, or the process that started the testbed going away (parent-watch.ts): `stop` and `halt`
 *    abort; every agent is killed at once, nothing more is finished, and the report of what was measured is written.
 *  - a second one (not the same one delivered twice, see SAME_STOP_MS): quit at once (exit 130), without a report;
 *    the agents die with this process (harness/agents/process.ts).
 * Either way the run is interrupted: exit code 130 (see the README).
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { onParentGone } from './parent-watch.ts';

export const INTERRUPTED_EXIT_CODE = 130;

export interface Interrupts {
  readonly stop: AbortSignal;
  readonly halt: AbortSignal;
  dispose(): void;
}

export interface InterruptOptions {
  /** Prints one line for the user (above a progress bar, if there is one). */
  say: (line: string) => void;
  /** Runs just before a second signal quits the process: restore the terminal. */
  beforeQuit: () => void;
}

/**
 * `npm run` and `npx` forward SIGINT and SIGTERM to their child; when the shell between them exec'd the testbed (bash
 * does, dash does not), a single Ctrl-C, or a SIGTERM to the process group, arrives twice within milliseconds. A
 * repeat inside this window is the same stop, not a second one.
 */
const SAME_STOP_MS = 500;

/**
 * Every live child process holds one listener on `halt` (it is killed when the run halts) and removes it when it
 * exits; a group of cells with all five reference servers has a dozen alive at once. Node's default of 10 would call
 * that a leak; a real leak (listeners that outlive their processes) still passes this bound within one suite.
 */
export const MAX_LIVE_PROCESSES = 64;

export function watchInterrupts({ say, beforeQuit }: InterruptOptions): Interrupts {
  const stop = new AbortController();
  const halt = new AbortController();
  setMaxListeners(MAX_LIVE_PROCESSES, stop.signal, halt.signal);
  let firstAt = 0;
  /** True when the run is stopping already (the caller then does nothing more); quits on a real second stop. */
  const stoppingAlready = (): boolean => {
    if (!stop.signal.aborted) {
      firstAt = performance.now();
      return false;
    }
    if (performance.now() - firstAt < SAME_STOP_MS) return true;
    beforeQuit();
    say('stopped again: quitting at once, without a report');
    process.exit(INTERRUPTED_EXIT_CODE);
  };
  const onInterrupt = (): void => {
    if (stoppingAlready()) return;
    say('interrupted: finishing the current trial, then writing what was measured (Ctrl-C again to quit now)');
    stop.abort();
  };
  const haltNow = (why: string): void => {
    if (stoppingAlready()) return;
    say(`${why}: stopping every process now, then writing what was measured`);
    stop.abort();
    halt.abort();
  };
  const onTerminate = (signal: NodeJS.Signals): void => haltNow(`${signal} received`);
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  process.on('SIGHUP', onTerminate);
  const unwatch = onParentGone(() => haltNow('the process that started this run is gone'));
  return {
    stop: stop.signal,
    halt: halt.signal,
    dispose: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      process.off('SIGHUP', onTerminate);
      unwatch();
    },
  };
}
