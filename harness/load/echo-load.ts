/**
 * The neutral echo load generator (plain Node `net`, no style). It runs in an agent process of its own
 * (harness/agents/loadgen.ts), on its own core.
 *
 * K connections each keep exactly one message in flight: send, wait for every byte to come back, verify, send the
 * next. A trial is bounded in time (durationMs) and in count (maxMessagesPerConnection); a connection whose reply
 * has not come back within a grace period after the deadline is counted as stalled and dropped.
 */
import { DEFAULT_READ_BUFFER_BYTES } from '../../scenarios/echo.ts';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { echoMessage, type EchoParams } from '../../scenarios/echo.ts';
import { LatencyRecorder, type LatencySummary } from '../metrics/latency.ts';
import { ProcessProbe, type ProcessSample } from '../metrics/process.ts';

/** Shared with the native generator (native-echo-load.ts), so that both give the same verdicts. */
export const STALL_GRACE_MS = 2000;
export const CONNECT_TIMEOUT_MS = 5000;
export const READ_BUFFER_BYTES = DEFAULT_READ_BUFFER_BYTES;

export interface LoadgenResult {
  messages: number;
  elapsedMs: number;
  latency: LatencySummary;
  mismatches: number;
  errors: Record<string, number>;
  firstProblem?: string;
  loadgen: ProcessSample;
}

interface TrialState {
  params: EchoParams;
  deadline: number;
  latency: LatencyRecorder;
  messages: number;
  mismatches: number;
  errors: Record<string, number>;
  firstProblem?: string;
}

function countError(state: TrialState, code: string, detail: string): void {
  state.errors[code] = (state.errors[code] ?? 0) + 1;
  state.firstProblem ??= detail;
}

/**
 * Every read lands in this one buffer (Node's `onread`), and each read is verified in place against the bytes
 * expected at that offset: no Buffer object per read and no copy, which keeps the generator's own CPU low enough
 * that the server, not the generator, is what a trial measures. Sharing it is safe because a read is consumed
 * synchronously inside its callback.
 */
const READ_BUFFER = Buffer.allocUnsafe(READ_BUFFER_BYTES);

/** One connection's send/verify loop; `onRead` is wired to the socket's onread before it connects. */
class EchoConnection {
  private filled = 0;
  private sent = 0;
  private sentAt = 0;
  private expected: Buffer;
  private finished = false;
  private stallTimer: NodeJS.Timeout | undefined;
  private resolveDone!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));
  socket!: net.Socket;

  constructor(
    private readonly index: number,
    private readonly state: TrialState,
  ) {
    this.expected = echoMessage(state.params.size, index, 0);
  }

  /** Starts sending; the trial's deadline must be set by now. */
  start(): void {
    this.stallTimer = setTimeout(() => {
      countError(this.state, 'STALLED', `connection ${this.index}: no complete reply within ${STALL_GRACE_MS} ms after the deadline`);
      this.finish();
    }, this.state.deadline - performance.now() + STALL_GRACE_MS);
    this.socket.on('error', (err: NodeJS.ErrnoException) => {
      countError(this.state, err.code ?? 'OTHER', `connection ${this.index}: ${err.message}`);
      this.finish();
    });
    this.socket.on('close', () => {
      if (!this.finished && performance.now() < this.state.deadline) {
        countError(this.state, 'ECONNRESET', `connection ${this.index}: closed by the server`);
      }
      this.finish();
    });
    this.sendNext();
  }

  /** Node's onread callback: the bytes are READ_BUFFER[0, nread). Returning true keeps reading. */
  readonly onRead = (nread: number): boolean => {
    this.consume(READ_BUFFER, nread);
    return true;
  };

  private consume(buf: Buffer, nread: number): void {
    if (this.finished) return;
    const { size } = this.state.params;
    if (this.filled + nread > size) return this.mismatch(`${this.filled + nread - size} bytes more than were sent`);
    if (buf.compare(this.expected, this.filled, this.filled + nread, 0, nread) !== 0) {
      return this.mismatch(`reply ${this.sent} does not match what was sent`);
    }
    this.filled += nread;
    if (this.filled < size) return;
    this.state.latency.recordMs(performance.now() - this.sentAt);
    this.state.messages++;
    this.sendNext();
  }

  private sendNext(): void {
    const { size, maxMessagesPerConnection } = this.state.params;
    if (performance.now() >= this.state.deadline || this.sent >= maxMessagesPerConnection) return this.finish();
    this.expected = echoMessage(size, this.index, this.sent);
    this.sent++;
    this.filled = 0;
    this.sentAt = performance.now();
    this.socket.write(this.expected);
  }

  private mismatch(detail: string): void {
    this.state.mismatches++;
    this.state.firstProblem ??= `connection ${this.index}: ${detail}`;
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.stallTimer);
    this.socket.destroy();
    this.resolveDone();
  }
}

function connect(host: string, port: number, connection: EchoConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: connection.onRead } });
    connection.socket = socket;
    const timer = setTimeout(() => socket.destroy(new Error(`connect to ${host}:${port} timed out`)), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function runEchoLoad(input: { host: string; port: number; params: EchoParams }): Promise<LoadgenResult> {
  const { host, port, params } = input;
  const state: TrialState = { params, deadline: 0, latency: new LatencyRecorder(), messages: 0, mismatches: 0, errors: {} };
  const connections = Array.from({ length: params.connections }, (_, i) => new EchoConnection(i, state));
  // Connection set-up is not part of the measurement: connect everyone, then start the clock.
  try {
    await Promise.all(connections.map((c) => connect(host, port, c)));
  } catch (err) {
    for (const c of connections) c.socket?.destroy();
    throw err;
  }
  const probe = new ProcessProbe();
  probe.begin();
  const started = performance.now();
  state.deadline = started + params.durationMs;
  for (const c of connections) c.start();
  await Promise.all(connections.map((c) => c.done));
  const elapsedMs = performance.now() - started;
  return {
    messages: state.messages,
    elapsedMs,
    latency: state.latency.summary(),
    mismatches: state.mismatches,
    errors: state.errors,
    ...(state.firstProblem ? { firstProblem: state.firstProblem } : {}),
    loadgen: probe.end(),
  };
}
