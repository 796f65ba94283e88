/**
 * Parent side: an agent child process with request deadlines.
 *
 * Each failure mode of a child becomes a distinct, typed error the runner can turn into a report row:
 * AgentCrashed (it exited), AgentTimeout (it did not answer in time, so it was killed), AgentError (it answered
 * with an error). `stop()` always leaves no process behind: polite shutdown first, SIGKILL after a grace period.
 */
import { execa, type ResultPromise } from 'execa';
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
  cleanup: true,
  forceKillAfterDelay: 2000,
} as const;

export interface AgentOptions {
  /** Agent entry file, relative to harness/agents/. */
  entry: string;
  args?: string[];
  /** CPU core to pin to with taskset, when taskset is available. */
  core?: number;
  label: string;
  startTimeoutMs?: number;
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
    const script = fileURLToPath(new URL(`./${options.entry}`, import.meta.url));
    const nodeArgs = [...TSX_IMPORT, script, ...(options.args ?? [])];
    const [file, args] =
      tasksetPath !== undefined && options.core !== undefined
        ? [tasksetPath, ['-c', String(options.core), process.execPath, ...nodeArgs]]
        : [process.execPath, nodeArgs];
    this.child = execa(file, args, SPAWN_OPTIONS);
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    this.child.stdout?.resume(); // agents report through IPC; drain stdout so a chatty child never blocks
    this.child.on('message', (raw) => this.onReply(raw as AgentReply));
    this.exited = this.child.then((result) => {
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
    this.child.sendMessage({ id, type, payload }).catch(() => {
      /* the exit handler rejects the waiter */
    });
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
