/**
 * Parent side: a Python child that speaks JSON lines (impls/reference/_harness.py), with the guarantees of
 * AgentProcess (./process.ts) and its typed failures:
 *
 *   AgentCrashed   it exited (before its greeting, or with requests outstanding)
 *   AgentTimeout   it did not greet or answer in time; it has been killed
 *   AgentError     it answered a request with ok:false, or broke the protocol (a line that is not a JSON object,
 *                  an answer to nothing asked); a child that broke the protocol is killed, since nothing it says
 *                  can be trusted any more
 *   ReferenceUnavailable  (an AgentError) its greeting said its system is not installed
 *
 * Nothing is left behind: stop() closes stdin (the child's signal to leave), then sends SIGTERM, then SIGKILL, each
 * after a grace period; execa's cleanup kills the child if this process exits; and if this process is killed
 * outright, the child sees its stdin close and leaves by itself.
 */
import { execa, type ResultPromise } from 'execa';
import { createInterface } from 'node:readline';
import { PendingRequests } from './pending.ts';
import { AgentCrashed, AgentError, AgentTimeout } from './process.ts';

export class ReferenceUnavailable extends AgentError {
  override name = 'ReferenceUnavailable';
  constructor(
    label: string,
    readonly reason: string,
  ) {
    super(`${label} is unavailable: ${reason}`);
  }
}

const STDERR_TAIL_BYTES = 4096;
const SHOWN_LINE_CHARS = 200;
const SPAWN_OPTIONS = {
  reject: false,
  stdin: 'pipe',
  stdout: 'pipe',
  stderr: 'pipe',
  buffer: false,
  cleanup: true,
} as const;

export interface PythonProcessOptions {
  /** The interpreter. */
  python: string;
  /** Absolute path of the script. */
  script: string;
  args?: string[];
  /** CPU core to pin to with taskset, when a taskset path is given to start(). */
  core?: number;
  label: string;
  /** How long the child may take to import its system and greet; default 20 s. */
  startTimeoutMs?: number;
  /** Killed at once when this aborts (the harness's halt); the listener goes when the child does. */
  killSignal?: AbortSignal;
}

/** The first line a child prints: {"event":"ready"|"listening", …}. */
export type Greeting = { event: string } & Record<string, unknown>;

/** An answer to a request, without its id and ok flag. */
export type Answer = Record<string, unknown>;

/** The greeting waits under id 0; requests are numbered from 1. */
const GREETING_ID = 0;

export class PythonProcess {
  readonly label: string;
  private readonly child: ResultPromise<typeof SPAWN_OPTIONS>;
  private nextId = GREETING_ID + 1;
  private readonly pending = new PendingRequests<Answer>();
  private greetingLine: Greeting | undefined;
  private exitInfo: string | undefined;
  /** Set when the child broke the protocol: every later request fails with it. */
  private broken: AgentError | undefined;
  private stderrTail = '';
  private readonly exited: Promise<void>;

  private constructor(options: PythonProcessOptions, tasksetPath: string | undefined) {
    this.label = options.label;
    // -B: no __pycache__ written into the source tree.
    const pythonArgs = ['-B', options.script, ...(options.args ?? [])];
    const [file, args] =
      tasksetPath !== undefined && options.core !== undefined
        ? [tasksetPath, ['-c', String(options.core), options.python, ...pythonArgs]]
        : [options.python, pythonArgs];
    this.child = execa(file, args, SPAWN_OPTIONS);
    this.child.stdin?.on('error', () => {
      /* EPIPE once the child has gone: the exit handler reports it */
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    if (this.child.stdout) createInterface({ input: this.child.stdout, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
    const onKill = (): void => void this.child.kill('SIGKILL');
    options.killSignal?.addEventListener('abort', onKill, { once: true });
    if (options.killSignal?.aborted) onKill();
    this.exited = this.child.then((result) => {
      options.killSignal?.removeEventListener('abort', onKill);
      const spawnError = result.failed && result.exitCode === undefined && !result.signal ? `could not start: ${result.shortMessage}` : undefined;
      this.exitInfo = spawnError ?? (result.signal ? `killed by ${result.signal}` : `exited with code ${result.exitCode}`);
      this.pending.failAll(new AgentCrashed(`${this.label} ${this.exitInfo}`));
    });
  }

  /** Spawns the child and waits for its greeting; on any failure the child is gone before this rejects. */
  static async start(options: PythonProcessOptions, tasksetPath?: string): Promise<PythonProcess> {
    const child = new PythonProcess(options, tasksetPath);
    const timeoutMs = options.startTimeoutMs ?? 20_000;
    const greeted = child.pending.wait(GREETING_ID, timeoutMs, () => new AgentTimeout(`${child.label} did not greet within ${timeoutMs} ms; killed`));
    // What it printed before failing (a traceback while importing, say) is the only explanation there is.
    return greeted.then(
      (greeting) => {
        child.greetingLine = greeting as Greeting;
        return child;
      },
      async (err: Error) => {
        await child.kill();
        throw Object.assign(err, { stderrTail: child.stderr.trim() });
      },
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get greeting(): Greeting {
    if (!this.greetingLine) throw new Error(`${this.label} has not greeted`);
    return this.greetingLine;
  }

  /** Last few KiB the child wrote to stderr. */
  get stderr(): string {
    return this.stderrTail;
  }

  /** How the child ended, once it has. */
  get exit(): string | undefined {
    return this.exitInfo;
  }

  /** Sends {"id", "cmd", …payload} and resolves with the answer; rejects with a typed failure (see the top). */
  async request(cmd: string, payload: Record<string, unknown>, timeoutMs: number): Promise<Answer> {
    if (this.broken) throw this.broken;
    if (this.exitInfo) throw new AgentCrashed(`${this.label} ${this.exitInfo}`);
    const id = this.nextId++;
    const answer = this.pending.wait(id, timeoutMs, () => {
      this.child.kill('SIGKILL');
      return new AgentTimeout(`${this.label} did not answer '${cmd}' within ${timeoutMs} ms; killed`);
    });
    this.child.stdin?.write(`${JSON.stringify({ ...payload, id, cmd })}\n`);
    return answer;
  }

  /** Closes stdin; SIGTERM if the child is still there after graceMs, SIGKILL after another graceMs. Never throws. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exitInfo) return;
    this.child.stdin?.end();
    const term = setTimeout(() => this.child.kill('SIGTERM'), graceMs);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 2 * graceMs);
    await this.exited;
    clearTimeout(term);
    clearTimeout(kill);
  }

  async kill(): Promise<void> {
    if (!this.exitInfo) this.child.kill('SIGKILL');
    await this.exited;
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return this.breakProtocol(`printed a line that is not JSON: ${JSON.stringify(line.slice(0, SHOWN_LINE_CHARS))}`);
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return this.breakProtocol(`printed a line that is not a JSON object: ${line.slice(0, SHOWN_LINE_CHARS)}`);
    }
    const fields = message as Record<string, unknown>;
    if (typeof fields.event === 'string') return this.onGreeting(fields as Greeting);
    const { id, ok, error, ...answer } = fields;
    const outcome = ok === true ? { value: answer } : { error: new AgentError(`${this.label}: ${typeof error === 'string' ? error : JSON.stringify(error)}`) };
    if (typeof id !== 'number' || id === GREETING_ID || !this.pending.settle(id, outcome)) {
      this.breakProtocol(`answered something it was not asked (id ${JSON.stringify(id)}): ${line.slice(0, SHOWN_LINE_CHARS)}`);
    }
  }

  private onGreeting(greeting: Greeting): void {
    const outcome = greeting.event === 'unavailable' ? { error: new ReferenceUnavailable(this.label, String(greeting.reason ?? 'no reason given')) } : { value: greeting };
    if (!this.pending.settle(GREETING_ID, outcome)) this.breakProtocol(`greeted twice: ${JSON.stringify(greeting).slice(0, SHOWN_LINE_CHARS)}`);
  }

  private breakProtocol(what: string): void {
    this.broken ??= new AgentError(`${this.label} ${what}; killed`);
    this.pending.failAll(this.broken);
    this.child.kill('SIGKILL');
  }
}
