/**
 * The child side of a fault row in TypeScript: a FaultRecorder that prints protocol events on stdout, and the
 * capture that turns everything written to stderr into `log` events at the moment it is written (so a log line's
 * time is on the same clock as the case's events).
 */
import { performance } from 'node:perf_hooks';
import type { FaultRecorder } from '../../impls/contract.ts';
import { describeError, errorsAmong } from './kinds.ts';
import type { EventInit } from './protocol.ts';

export class JsonLinesRecorder implements FaultRecorder {
  private readonly t0 = performance.now();
  private partialLog = '';

  constructor(private readonly write: (line: string) => void = (line) => void process.stdout.write(line)) {}

  /** Milliseconds since the case started. */
  now(): number {
    return Math.round((performance.now() - this.t0) * 100) / 100;
  }

  emit(event: EventInit): void {
    this.write(`${JSON.stringify({ ...event, t: event.t ?? this.now() })}\n`);
  }

  fault(child: number): void {
    this.emit({ ev: 'fault', child });
  }

  childStart(child: number): void {
    this.emit({ ev: 'child-start', child });
  }

  childDone(child: number): void {
    this.emit({ ev: 'child-done', child });
  }

  childFinally(child: number): void {
    this.emit({ ev: 'finally', child });
  }

  caller(how: 'raised', error: unknown): void;
  caller(how: 'returned', results: readonly unknown[]): void;
  caller(how: 'raised' | 'returned', what: unknown): void {
    if (how === 'raised') this.emit({ ev: 'caller', how, errors: [describeError(what)] });
    else {
      const results = what as readonly unknown[];
      this.emit({ ev: 'caller', how, errors: errorsAmong(results), results: results.length });
    }
  }

  scopeEnded(childrenRunning: number): void {
    // The wall clock too: the target server records its requests on it, so the row can be judged at this moment.
    this.emit({ ev: 'scope-ended', running: childrenRunning, wall: performance.timeOrigin + performance.now() });
  }

  /** Sends everything later written to process.stderr into `log` events, one per line. */
  captureStderr(): void {
    const capture = (chunk: string | Uint8Array, encodingOrCb?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const lines = (this.partialLog + text).split('\n');
      this.partialLog = lines.pop()!;
      for (const line of lines) this.emit({ ev: 'log', line });
      (typeof encodingOrCb === 'function' ? encodingOrCb : cb)?.();
      return true;
    };
    process.stderr.write = capture as typeof process.stderr.write;
  }

  flushLog(): void {
    if (this.partialLog !== '') this.emit({ ev: 'log', line: this.partialLog });
    this.partialLog = '';
  }
}
