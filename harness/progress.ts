/**
 * Progress of a run on stderr: a bar redrawn in place in a terminal, one plain line per step otherwise (CI, pipes).
 * Every other line printed during a run (notes, the interrupt message) goes through `log`, which in a terminal
 * prints it above the bar, so that no line is overprinted by a redraw or by the report after the bar.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from './runner.ts';

export interface ProgressIo {
  stderr: (text: string) => void;
  /** The terminal to draw the bar on; absent when stderr is not a terminal. */
  terminal?: NodeJS.WritableStream;
}

export interface Progress {
  onProgress: (event: ProgressEvent) => void;
  log: (line: string) => void;
  /** Leaves the bar's last state on a line of its own; idempotent. */
  stop: () => void;
}

export function progressReporter(io: ProgressIo, total: number): Progress {
  if (io.terminal) return terminalProgress(io.terminal, total);
  // Not a terminal: one plain line per step instead of a redrawn bar.
  let done = 0;
  let steps = total;
  return {
    onProgress: (e) => {
      if (e.kind === 'step') io.stderr(`[${++done}/${steps}] ${e.label}\n`);
      else if (e.kind === 'note') io.stderr(`${e.message}\n`);
      else if (e.kind === 'more-steps') steps += e.count;
    },
    log: (line) => io.stderr(`${line}\n`),
    stop: () => undefined,
  };
}

function terminalProgress(terminal: NodeJS.WritableStream, total: number): Progress {
  // A MultiBar, even for one bar: it can print lines above itself. A SingleBar restores the cursor to where it
  // started when it stops, so the report was printed over whatever had been printed below that.
  const bars = new cliProgress.MultiBar(
    { format: '{bar} {value}/{total} steps | {label}', stream: terminal, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { label: 'starting' });
  let started = 0;
  let steps = total;
  let active = true;
  const log = (line: string): void => {
    if (!active) return void terminal.write(`${line}\n`);
    bars.log(`${line}\n`);
    bars.update(); // now, not at the next redraw: the process may be about to exit
  };
  return {
    // A step event announces the step now starting; the bar counts the ones finished before it.
    onProgress: (e) => {
      if (e.kind === 'step') bar.update(started++, { label: e.label });
      else if (e.kind === 'note') log(e.message);
      else if (e.kind === 'more-steps') bar.setTotal((steps += e.count));
    },
    log,
    stop: () => {
      if (!active) return;
      active = false;
      bar.update(started, { label: 'done' });
      bars.stop();
    },
  };
}
