/**
 * Runs the native echo load generator (native/echoload.c, built by `npm ci`) for one trial and turns what it
 * prints into an EchoLoadResult, the shape the Node generator's results have plus the native one's own figures.
 * It is a child process of the caller, so it inherits the caller's core pinning. Callers: echo-generator.ts, tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LatencyRecorder } from '../metrics/latency.ts';
import { CONNECT_TIMEOUT_MS, READ_BUFFER_BYTES, STALL_GRACE_MS } from './echo-load.ts';
import type { EchoGeneratorInfo, EchoLoadInput, EchoLoadResult } from './echo-trial.ts';

export const NATIVE_ECHO_LOAD = {
  binary: fileURLToPath(new URL('./native/build/echoload', import.meta.url)),
  source: fileURLToPath(new URL('./native/echoload.c', import.meta.url)),
};

export const NATIVE_GENERATOR: EchoGeneratorInfo = {
  kind: 'native',
  detail: 'native (harness/load/native/echoload.c: epoll, non-blocking sockets, libc only)',
};

/** echoload.c's CONNECT_WINDOW: connects in progress at once, which bounds how long connecting may take. */
const CONNECT_WINDOW = 128;
/** Beyond the generator's own bound, before the wrapper gives up on it and kills it. */
const KILL_SLACK_MS = 10_000;

/** Whether the binary can be run, and if not, why (for the report's line about which generator ran). */
export function nativeEchoLoadStatus(binary = NATIVE_ECHO_LOAD.binary, source = NATIVE_ECHO_LOAD.source): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(binary)) return { ok: false, reason: `${path.relative(process.cwd(), binary)} is not built (no C compiler at install?)` };
  if (existsSync(source) && statSync(source).mtimeMs > statSync(binary).mtimeMs) {
    return { ok: false, reason: `${path.relative(process.cwd(), binary)} is older than echoload.c: run \`npm run install\`` };
  }
  return { ok: true };
}

/** What echoload prints on stdout after a trial (see echoload.c's print_summary). */
interface NativeSummary {
  ok: true;
  messages: number;
  elapsedMs: number;
  mismatches: number;
  errors: Record<string, number>;
  firstProblem?: string;
  cpuUserMs: number;
  cpuSystemMs: number;
  peakRssKiB: number;
  loopUtilization: number;
  syscalls: { reads: number; writes: number; waits: number };
  contextSwitches: { voluntary: number; involuntary: number };
  samples: { values: number; perMessage: 1 | 2 };
  pattern: { writeChunk: number; readBuffer: number };
  /** RLIMIT_NOFILE as it was, and whether echoload raised the soft limit to fit the connections. */
  fdLimit: { needed: number; soft: number; hard: number; raised: boolean };
  openLoop?: { rate: number; scheduled: number; late: number; dropped: number; maxSendLagUs: number };
}

interface NativeFailure {
  ok: false;
  error: { code: string; message: string };
}

/** One run's summary and its raw latency samples (µs; two per message in open loop: from the slot, then from the send). */
export interface NativeRun {
  summary: NativeSummary;
  samples: Uint32Array;
}

function argsOf(input: EchoLoadInput, samplesPath: string): string[] {
  const { params, options = {} } = input;
  const args: Record<string, number | string | undefined> = {
    host: input.host,
    port: input.port,
    connections: params.connections,
    size: params.size,
    'duration-ms': params.durationMs,
    'max-messages': params.maxMessagesPerConnection,
    'write-chunk': options.writeChunkBytes ?? 0,
    'read-buffer': options.readBufferBytes ?? READ_BUFFER_BYTES,
    rate: options.openLoopRate,
    samples: samplesPath,
    'stall-grace-ms': STALL_GRACE_MS,
    'connect-timeout-ms': CONNECT_TIMEOUT_MS,
  };
  return Object.entries(args).flatMap(([name, value]) => (value === undefined ? [] : [`--${name}`, String(value)]));
}

/**
 * The longest an echo trial may take by the generator's own bounds: every window of connects timing out, the trial,
 * and the grace for stalled replies. A server that accepts slowly (a short listen backlog under 10,000 connects)
 * can use all of it, and that is a measurement, not a load side that hangs: whoever waits for a trial waits this long.
 */
export function echoTrialBoundMs(params: EchoLoadInput['params']): number {
  const connecting = Math.ceil(params.connections / CONNECT_WINDOW) * CONNECT_TIMEOUT_MS;
  return connecting + params.durationMs + STALL_GRACE_MS;
}

/** Past its own bound plus slack, echoload is broken, and killed. */
function killAfterMs(input: EchoLoadInput): number {
  return echoTrialBoundMs(input.params) + KILL_SLACK_MS;
}

function exec(binary: string, args: string[], killAfter: number): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfter);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, killed });
    });
  });
}

function parseSummary(stdout: string): NativeSummary | NativeFailure {
  try {
    return JSON.parse(stdout) as NativeSummary | NativeFailure;
  } catch {
    throw new Error(`echoload printed something other than its JSON summary: ${stdout.slice(0, 200)}`);
  }
}

/**
 * Runs one trial and returns echoload's summary and samples as they are. A run that could not happen (nothing
 * listening, too few file descriptors) rejects with an Error carrying echoload's `code` (e.g. ECONNREFUSED), as
 * the Node generator's connect errors do; bad arguments reject with echoload's message.
 */
export async function runNative(input: EchoLoadInput, binary = NATIVE_ECHO_LOAD.binary): Promise<NativeRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'echoload-'));
  try {
    const samplesPath = path.join(dir, 'samples.u32');
    const killAfter = killAfterMs(input);
    const run = await exec(binary, argsOf(input, samplesPath), killAfter);
    if (run.killed) throw new Error(`echoload did not finish within ${killAfter} ms, its own bound plus slack, and was killed`);
    if (run.status === 2) throw new Error(run.stderr.trim());
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`echoload ended with ${run.signal ?? `exit status ${run.status}`}: ${run.stderr.trim().slice(-500)}`);
    }
    const summary = parseSummary(run.stdout);
    if (!summary.ok) throw Object.assign(new Error(summary.error.message), { code: summary.error.code });
    const bytes = await readFile(samplesPath);
    // Copied into a fresh, aligned buffer: a view needs its offset to be a multiple of 4.
    const samples = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    if (samples.length !== summary.samples.values) {
      throw new Error(`echoload's samples file holds ${samples.length} values; its summary says ${summary.samples.values}`);
    }
    return { summary, samples };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every `stride`-th sample from `first`, into a histogram. */
function histogramOf(samples: Uint32Array, first: number, stride: number): LatencyRecorder {
  const recorder = new LatencyRecorder();
  for (let i = first; i < samples.length; i += stride) recorder.recordMicros(samples[i]!);
  return recorder;
}

/** One trial with the native generator, as an EchoLoadResult. */
export async function runNativeEchoLoad(input: EchoLoadInput, binary = NATIVE_ECHO_LOAD.binary): Promise<EchoLoadResult> {
  const { summary: s, samples } = await runNative(input, binary);
  const cpuMs = s.cpuUserMs + s.cpuSystemMs;
  const open = s.openLoop;
  return {
    messages: s.messages,
    elapsedMs: s.elapsedMs,
    latency: histogramOf(samples, 0, s.samples.perMessage).summary(),
    mismatches: s.mismatches,
    errors: s.errors,
    ...(s.firstProblem !== undefined ? { firstProblem: s.firstProblem } : {}),
    loadgen: {
      wallMs: s.elapsedMs,
      cpuUserMs: s.cpuUserMs,
      cpuSystemMs: s.cpuSystemMs,
      cpuPercent: s.elapsedMs > 0 ? (cpuMs / s.elapsedMs) * 100 : 0,
      peakRssMiB: s.peakRssKiB / 1024,
      // No event loop with a timer to run late; the open loop's maxSendLagMs is the native generator's analogue.
      loopDelayP50Ms: 0,
      loopDelayP99Ms: 0,
      loopDelayMaxMs: 0,
      loopUtilization: s.loopUtilization,
    },
    generator: NATIVE_GENERATOR,
    pattern: { writeChunkBytes: s.pattern.writeChunk, readBufferBytes: s.pattern.readBuffer },
    syscalls: s.syscalls,
    contextSwitches: s.contextSwitches,
    ...(open
      ? {
          openLoop: {
            rate: open.rate,
            scheduled: open.scheduled,
            late: open.late,
            dropped: open.dropped,
            maxSendLagMs: open.maxSendLagUs / 1000,
            uncorrected: histogramOf(samples, 1, 2).summary(),
          },
        }
      : {}),
  };
}
