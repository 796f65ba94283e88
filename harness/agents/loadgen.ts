/**
 * Agent: the neutral echo load generator (plain Node `net`, no style), in its own process and on its own core.
 *
 * K connections each keep exactly one message in flight: send, wait for every byte to come back, verify, send the
 * next. A trial is bounded in time (durationMs) and in count (maxMessagesPerConnection); a connection whose reply
 * has not come back within a grace period after the deadline is counted as stalled and dropped.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { echoMessage, type EchoParams } from '../../scenarios/echo.ts';
import { LatencyRecorder, type LatencySummary } from '../metrics/latency.ts';
import { ProcessProbe, type ProcessSample } from '../metrics/process.ts';
import { serveAgent } from './serve.ts';

const STALL_GRACE_MS = 2000;
const CONNECT_TIMEOUT_MS = 5000;

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

/** One connection's send/verify loop. Resolves when the connection has stopped, for whatever reason. */
function driveConnection(socket: net.Socket, index: number, state: TrialState): Promise<void> {
  const { size, maxMessagesPerConnection } = state.params;
  const received = Buffer.allocUnsafe(size);
  let filled = 0;
  let sent = 0;
  let expected = echoMessage(size, index, 0);
  let sentAt = 0;
  return new Promise((resolve) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(stallTimer);
      socket.destroy();
      resolve();
    };
    const sendNext = (): void => {
      if (performance.now() >= state.deadline || sent >= maxMessagesPerConnection) return finish();
      expected = echoMessage(size, index, sent);
      sent++;
      filled = 0;
      sentAt = performance.now();
      socket.write(expected);
    };
    const stallTimer = setTimeout(() => {
      countError(state, 'STALLED', `connection ${index}: no complete reply within ${STALL_GRACE_MS} ms after the deadline`);
      finish();
    }, state.deadline - performance.now() + STALL_GRACE_MS);
    socket.on('data', (chunk: Buffer) => {
      if (finished) return;
      if (filled + chunk.length > size) {
        state.mismatches++;
        state.firstProblem ??= `connection ${index}: ${filled + chunk.length - size} bytes more than were sent`;
        return finish();
      }
      // A reply that arrives in one chunk is compared in place; a split one is assembled first.
      const whole = filled === 0 && chunk.length === size;
      if (!whole) chunk.copy(received, filled);
      filled += chunk.length;
      if (filled < size) return;
      state.latency.recordMs(performance.now() - sentAt);
      if (!(whole ? chunk : received).equals(expected)) {
        state.mismatches++;
        state.firstProblem ??= `connection ${index}: reply ${sent} does not match what was sent`;
        return finish();
      }
      state.messages++;
      sendNext();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      countError(state, err.code ?? 'OTHER', `connection ${index}: ${err.message}`);
      finish();
    });
    socket.on('close', () => {
      if (!finished && performance.now() < state.deadline) countError(state, 'ECONNRESET', `connection ${index}: closed by the server`);
      finish();
    });
    sendNext();
  });
}

function connect(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const timer = setTimeout(() => socket.destroy(new Error(`connect to ${host}:${port} timed out`)), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function echoTrial(input: { host: string; port: number; params: EchoParams }): Promise<LoadgenResult> {
  const { host, port, params } = input;
  // Connection set-up is not part of the measurement: connect everyone, then start the clock.
  const sockets = await Promise.all(Array.from({ length: params.connections }, () => connect(host, port)));
  const probe = new ProcessProbe();
  const state: TrialState = { params, deadline: 0, latency: new LatencyRecorder(), messages: 0, mismatches: 0, errors: {} };
  probe.begin();
  const started = performance.now();
  state.deadline = started + params.durationMs;
  await Promise.all(sockets.map((s, i) => driveConnection(s, i, state)));
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

serveAgent({ 'echo-trial': echoTrial });
