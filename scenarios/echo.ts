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
}

export const ECHO_SIZES = [1024, 10 * 1024, 100 * 1024];
export const ECHO_DEFAULTS: Omit<EchoParams, 'size'> = { connections: 10, durationMs: 2000, maxMessagesPerConnection: 5_000_000 };

export function describeEcho(p: Pick<EchoParams, 'connections' | 'size' | 'openLoopRate'>): string {
  const mode = p.openLoopRate === undefined ? '' : `, open loop at ${p.openLoopRate.toLocaleString('en-US')} msgs/s`;
  return `${formatBytes(p.size)} messages, ${p.connections} connections${mode}`;
}

/**
 * The message a connection sends as its n-th: a window into the payload pattern that shifts with n, so a reply
 * that belongs to an earlier message (or another connection's) does not verify.
 */
export function echoMessage(size: number, connection: number, n: number): Buffer {
  return payloadBytes(size, connection * 7 + n);
}
