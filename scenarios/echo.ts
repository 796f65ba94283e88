/**
 * Echo: a TCP echo server written in each style, driven by a neutral load generator (harness/agents/loadgen.ts)
 * in another process: K connections, one message of S bytes in flight per connection, every echoed byte verified.
 * Sizes follow vmbench: 1 KiB, 10 KiB, 100 KiB.
 */
import { formatBytes } from './url-fetch.ts';
import { payloadBytes } from './payload.ts';

export interface EchoParams {
  connections: number;
  /** Message size, bytes. */
  size: number;
  /** How long one trial sends for, ms. */
  durationMs: number;
  /** Upper bound on messages per connection in one trial, so the loop is bounded in count as well as time. */
  maxMessagesPerConnection: number;
  /**
   * Open loop (`--rate`, native load generator only): this many messages a second in all, each measured from when it
   * should have gone out (as wrk2). Absent: closed loop, each connection sending its next message once the reply to
   * the last one is verified.
   */
  openLoopRate?: number;
  /**
   * How the load generator writes each message and reads the replies (`--load-pattern`, native load generator only),
   * to check that a ranking does not depend on it. Absent: vmbench's, the whole message in one write.
   */
  loadPattern?: LoadPattern;
}

/** The load generator's write and read sizes; 0 writes the whole message at once. */
export interface LoadPattern {
  /** As written on the command line: `one-write`, `writes-16k`, `reads-4k`, `writes-16k+reads-4k`. */
  name: string;
  writeChunkBytes: number;
  readBufferBytes: number;
}

/** vmbench's client, and the echo load generator's default: one write per message, reads of up to 64 KiB. */
export const DEFAULT_READ_BUFFER_BYTES = 64 * 1024;
export const ONE_WRITE: LoadPattern = { name: 'one-write', writeChunkBytes: 0, readBufferBytes: DEFAULT_READ_BUFFER_BYTES };

/** The patterns `npm run bench:load-pattern` compares: vmbench's, the message in 16 KiB pieces, and small reads. */
export const LOAD_PATTERN_CHECK = ['one-write', 'writes-16k', 'reads-4k'] as const;

/**
 * `one-write`, `writes-<size>`, `reads-<size>`, or both joined by `+`; sizes as `--size` takes them (16k, 4096).
 * Throws a RangeError with the reason.
 */
export function parseLoadPattern(spec: string, parseBytes: (v: string) => number): LoadPattern {
  const name = spec.trim();
  if (name === ONE_WRITE.name) return ONE_WRITE;
  let writeChunkBytes = 0;
  let readBufferBytes = DEFAULT_READ_BUFFER_BYTES;
  const seen = new Set<string>();
  for (const part of name.split('+')) {
    const m = /^(writes|reads)-(.+)$/.exec(part);
    if (!m || seen.has(m[1]!)) throw new RangeError(`'${spec}' is not a load pattern: use one-write, writes-<size>, reads-<size> or writes-<size>+reads-<size> (e.g. writes-16k, reads-4k)`);
    seen.add(m[1]!);
    const bytes = parseBytes(m[2]!);
    if (m[1] === 'writes') writeChunkBytes = bytes;
    else readBufferBytes = bytes;
  }
  return { name, writeChunkBytes, readBufferBytes };
}

export function describeLoadPattern(p: LoadPattern): string {
  const writes = p.writeChunkBytes === 0 ? 'each message in one write' : `each message in ${formatBytes(p.writeChunkBytes)} writes`;
  return `${writes}, reads of up to ${formatBytes(p.readBufferBytes)}`;
}

export const ECHO_SIZES = [1024, 10 * 1024, 100 * 1024];
export const ECHO_DEFAULTS: Omit<EchoParams, 'size'> = { connections: 10, durationMs: 2000, maxMessagesPerConnection: 5_000_000 };

export function describeEcho(p: Pick<EchoParams, 'connections' | 'size' | 'openLoopRate' | 'loadPattern'>): string {
  const mode = p.openLoopRate === undefined ? '' : `, open loop at ${p.openLoopRate.toLocaleString('en-US')} msgs/s`;
  const pattern = p.loadPattern === undefined ? '' : `, load pattern ${p.loadPattern.name}`;
  return `${formatBytes(p.size)} messages, ${p.connections} connections${mode}${pattern}`;
}

/**
 * The message a connection sends as its n-th: a window into the payload pattern that shifts with n, so a reply
 * that belongs to an earlier message (or another connection's) does not verify.
 */
export function echoMessage(size: number, connection: number, n: number): Buffer {
  return payloadBytes(size, connection * 7 + n);
}
