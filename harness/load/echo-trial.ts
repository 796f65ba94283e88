/**
 * What an echo trial asks of a load generator and what it gets back, whichever generator runs it (the native one,
 * native-echo-load.ts, or the Node one, echo-load.ts; echo-generator.ts picks). Callers: the load generator agent
 * (harness/agents/echo-loadgen.ts) and tests.
 */
import type { EchoParams } from '../../scenarios/echo.ts';
import type { LoadgenResult } from './echo-load.ts';
import type { LatencySummary } from '../metrics/latency.ts';

/** How messages go out; every field absent gives the default pattern, the one both generators support. */
export interface EchoLoadOptions {
  /** Write each message in pieces of this many bytes; absent or 0: the whole message in one write (as vmbench). */
  writeChunkBytes?: number;
  /** Bytes asked of each read; absent: 64 KiB, as the Node generator. */
  readBufferBytes?: number;
  /**
   * Open loop: this many messages a second in all, on a fixed schedule spread evenly over the connections (native
   * generator only). Absent: closed loop, each connection sending its next message as soon as a reply is verified.
   */
  openLoopRate?: number;
}

export interface EchoLoadInput {
  host: string;
  port: number;
  params: EchoParams;
  options?: EchoLoadOptions;
}

export interface EchoGeneratorInfo {
  kind: 'native' | 'node';
  /** One line for a report: which generator and, for the Node one, why the native one did not run. */
  detail: string;
}

/**
 * Open loop's own figures. Message n of connection c has a slot, t0 + (n*K + c)/rate; it goes out at its slot or,
 * when the connection still had the previous message in flight then, as soon as that reply is verified.
 */
export interface OpenLoopFigures {
  rate: number;
  /** Slots before the deadline (within maxMessagesPerConnection): what the schedule asked for. */
  scheduled: number;
  /** Messages sent after their slot because their connection's previous message was still in flight when it came. */
  late: number;
  /**
   * Slots before the deadline never sent: their connection was still behind schedule when the trial ended (no
   * message goes out after the deadline). Connections ended by an error, a mismatch or a stall do not count here.
   */
  dropped: number;
  /** The generator's own lateness: the most an on-time message went out after its slot (timer wake-up), ms. */
  maxSendLagMs: number;
  /** Latency from when each message actually went out. The result's `latency` is from each slot (corrected for
   *  coordinated omission, as wrk2 does). */
  uncorrected: LatencySummary;
}

export interface EchoLoadResult extends LoadgenResult {
  generator: EchoGeneratorInfo;
  pattern: { writeChunkBytes: number; readBufferBytes: number };
  /** The native generator's reads, writes and epoll waits in the trial: what its CPU per message went on. */
  syscalls?: { reads: number; writes: number; waits: number };
  /** The native generator's context switches in the trial: voluntary ones are sleeps in epoll_wait, each a wake-up
   *  paid for in kernel time, so fewer of them per message means a cheaper message. */
  contextSwitches?: { voluntary: number; involuntary: number };
  openLoop?: OpenLoopFigures;
}
