/**
 * Parent side: an agent child process with request deadlines.
 *
 * Each failure mode of a child becomes a distinct, typed error the runner can turn into a report row:
 * AgentCrashed (it exited), AgentTimeout (it did not answer in time, so it was killed), AgentError (it answered
 * with an error). `stop()` always leaves no process behind: polite shutdown first, SIGKILL after a grace period.
 *
 * Each agent runs in a process group of its own, so a Ctrl-C in the terminal reaches only the testbed, which then
 * decides when its agents stop (and never mistakes an interrupt for a crash of a style). The price is that nothing
 * kills them with the terminal's group any more, so clean-up is ours, three ways: `stop()`/`kill()`; a SIGKILL to
 * every agent still alive when this process exits for any reason it can see (the `exit` event); and, when this
 * process dies without an `exit` event (SIGKILL), each agent leaving when its IPC channel closes (serve.ts).
 */
import { execa, type ResultPromise } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentReply } from './protocol.ts';

export class AgentCrashed extends Error {
  override name = 'AgentCrashed';
}
export class AgentTimeout extends Error {
  override name = 'AgentTimeout';
}
export class AgentError extends Error {
  override name = 'AgentError';
}

const TSX_IMPORT = ['--import', 'tsx'];
const STDERR_TAIL_BYTES = 4096;
const SPAWN_OPTIONS = {
  ipc: true,
  serialization: 'advanced',
  reject: false,
  stdin: 'ignore',
  stdout: 'pipe',
  stderr: 'pipe',
  buffer: false,
  detached: true,
  forceKillAfterDelay: 2000,
} as const;

/** Agents of this process that have not exited yet, by pid: what the `exit` hook kills. */
const alive = new Set<number>();
let exitHookInstalled = false;

function track(pid: number | undefined): void {
  if (pid === undefined) return;
  alive.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Runs on process.exit(), a normal end and an uncaught exception; must be synchronous.
  process.on('exit', () => {
    for (const p of alive) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

export interface AgentOptions {
  /** Agent entry file, relative to harness/agents/, or an absolute path (test fixtures). */
  entry: string;
  args?: string[];
  /** CPU core (or taskset list, e.g. '0,1') to pin to with taskset, when taskset is available. */
  core?: number | string;
  label: string;
  startTimeoutMs?: number;
  /** Aborting it kills the agent at once (SIGKILL), whatever it is doing, even before its greeting. */
  killSignal?: AbortSignal;
}

export class AgentProcess {
  readonly label: string;
  private readonly child: ResultPromise<typeof SPAWN_OPTIONS>;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exitInfo: string | undefined;
  private stderrTail = '';
  private readonly exited: Promise<void>;

  private constructor(options: AgentOptions, tasksetPath: string | undefined) {
    this.label = options.label;
    const script = path.isAbsolute(options.entry) ? options.entry : fileURLToPath(new URL(`./${options.entry}`, import.meta.url));
    const nodeArgs = [...TSX_IMPORT, script, ...(options.args ?? [])];
    const [file, args] =
      tasksetPath !== undefined && options.core !== undefined
        ? [tasksetPath, ['-c', String(options.core), process.execPath, ...nodeArgs]]
        : [process.execPath, nodeArgs];
    this.child = execa(file, args, SPAWN_OPTIONS);
    const pid = this.child.pid;
    track(pid);
    const onKill = (): void => void this.child.kill('SIGKILL');
    options.killSignal?.addEventListener('abort', onKill, { once: true });
    if (options.killSignal?.aborted) onKill();
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    this.child.stdout?.resume(); // agents report through IPC; drain stdout so a chatty child never blocks
    this.child.on('message', (raw) => this.onReply(raw as AgentReply));
    this.exited = this.child.then((result) => {
      if (pid !== undefined) alive.delete(pid);
      options.killSignal?.removeEventListener('abort', onKill);
      this.exitInfo = result.signal ? `killed by ${result.signal}` : `exited with code ${result.exitCode}`;
      for (const w of this.waiting.values()) w.reject(new AgentCrashed(`${this.label} ${this.exitInfo}`));
      this.waiting.clear();
    });
  }

  /** Spawns the agent and waits for its greeting. */
  static async start(options: AgentOptions, tasksetPath?: string): Promise<AgentProcess> {
    const agent = new AgentProcess(options, tasksetPath);
    try {
      await agent.awaitReply(0, options.startTimeoutMs ?? 20_000, 'start');
    } catch (err) {
      await agent.kill();
      // What it printed before dying (a module that threw while loading, say) is the only explanation there is.
      throw Object.assign(err as Error, { stderrTail: agent.stderr.trim() });
    }
    return agent;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Last few KiB the child wrote to stderr: what the report shows for a failed cell. */
  get stderr(): string {
    return this.stderrTail;
  }

  async request<T>(type: string, payload: unknown, timeoutMs: number): Promise<T> {
    if (this.exitInfo) throw new AgentCrashed(`${this.label} ${this.exitInfo}`);
    const id = this.nextId++;
    const reply = this.awaitReply(id, timeoutMs, type);
    // Whichever way sending fails (a rejection, or a synchronous throw once the channel is closed but the child has
    // not been reaped yet), the waiter above is rejected by the exit handler: it must stay the one awaited.
    try {
      this.child.sendMessage({ id, type, payload }).catch(() => undefined);
    } catch {
      /* as above */
    }
    return (await reply) as T;
  }

  /** Ask the agent to shut down; kill it if it does not exit within graceMs. Never throws. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exitInfo) return;
    this.request('shutdown', undefined, graceMs).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    if (!this.exitInfo) this.child.kill('SIGKILL');
    await this.exited;
  }

  private awaitReply(id: number, timeoutMs: number, what: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new AgentTimeout(`${this.label} did not answer '${what}' within ${timeoutMs} ms; killed`));
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  private onReply(reply: AgentReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(new AgentError(`${this.label}: ${reply.error}`));
  }
}
