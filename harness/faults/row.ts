/**
 * Runs one fault row's child process and collects what it did: its protocol events, whatever reached its real stderr,
 * how it ended, and, once it has gone, the target server's record of the row's requests (each with its start, its end
 * and how it ended, on the wall clock), from which classify.ts judges what had happened when the row's scope ended.
 *
 * The child is never trusted to end: a watchdog kills it at the row's deadline, and that is recorded (a hang is an
 * observation). The deadline runs from the child's hello, once its runtime and its system are loaded, so that a slow
 * start on a busy machine is not mistaken for a hang; the start has a bound of its own. Nothing the child prints can
 * break the parent: lines that are not protocol are kept as noise.
 */
import { execa } from 'execa';
import { performance } from 'node:perf_hooks';
import type { TagRecord } from '../target-stats.ts';
import type { CaseEvent } from './protocol.ts';

export interface RowCommand {
  file: string;
  args: string[];
  env?: Record<string, string>;
}

export interface Observation {
  events: CaseEvent[];
  /** Lines on stdout that were not protocol (a case must not print; they are kept to show it did). */
  noise: string[];
  exitCode: number | undefined;
  signal: string | undefined;
  /** The watchdog ended it: it was still running at the deadline. */
  killedByWatchdog: boolean;
  wallMs: number;
  /** The target server's record of the row's requests, read after the child had gone (undefined if unreadable). */
  requests: TagRecord | undefined;
}

export interface RowOptions {
  /** From the child's hello to the end of the row. */
  deadlineMs: number;
  /** From spawn to hello. */
  startDeadlineMs?: number;
  /** Reads the target server's record of the row's tag. */
  counts: () => Promise<TagRecord>;
}

/** After the child has gone, how long the server gets to see the last of its connections close. */
const EXIT_SETTLE_MS = 100;
const DEFAULT_START_DEADLINE_MS = 30_000;
const MAX_EVENTS = 10_000;

export async function observeRow(command: RowCommand, options: RowOptions): Promise<Observation> {
  const started = performance.now();
  const events: CaseEvent[] = [];
  const noise: string[] = [];
  let helloAt: number | undefined;
  const child = execa(command.file, command.args, {
    reject: false,
    stdin: 'ignore',
    buffer: false,
    env: command.env,
    lines: false,
  });
  let killedByWatchdog = false;
  const watchdog = (ms: number): NodeJS.Timeout =>
    setTimeout(() => {
      killedByWatchdog = true;
      child.kill('SIGKILL');
    }, ms);
  let timer = watchdog(options.startDeadlineMs ?? DEFAULT_START_DEADLINE_MS);
  const push = (event: CaseEvent): void => {
    if (events.length < MAX_EVENTS) events.push(event);
  };
  const childTime = (): number => Math.round((performance.now() - (helloAt ?? started)) * 100) / 100;

  splitLines(child.stdout!, (line) => {
    let event: CaseEvent;
    try {
      event = JSON.parse(line) as CaseEvent;
      if (typeof event !== 'object' || event === null || typeof (event as { ev?: unknown }).ev !== 'string') throw new Error('not an event');
    } catch {
      if (noise.length < 50) noise.push(line.slice(0, 300));
      return;
    }
    if (event.ev === 'hello' && helloAt === undefined) {
      helloAt = performance.now() - event.t;
      clearTimeout(timer);
      timer = watchdog(options.deadlineMs);
    }
    push(event);
  });
  // What the runtime itself printed past the child's capture (a crash): a log line, timed by the parent.
  splitLines(child.stderr!, (line) => push({ ev: 'log', t: childTime(), line, source: 'pipe' }));

  const result = await child;
  clearTimeout(timer);
  const requests = await delay(EXIT_SETTLE_MS)
    .then(options.counts)
    .catch(() => undefined);
  return {
    events: events.sort((a, b) => a.t - b.t),
    noise,
    exitCode: result.exitCode,
    signal: result.signal ?? undefined,
    killedByWatchdog,
    wallMs: performance.now() - (helloAt ?? started),
    requests,
  };
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let partial = '';
  stream.setEncoding?.('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (partial !== '') onLine(partial);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
