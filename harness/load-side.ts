/**
 * The load side: the processes that serve or drive the work under test rather than do it (the echo load generator,
 * the URL-fetch target server, and whatever later plays that part for other scenarios or reference systems).
 *
 * It is a failure domain of its own. When one of its processes crashes or hangs, the runner reports that as the
 * load side's failure (a `load-failed` row, a note naming the process), never as a fault of the style it happened to
 * be serving, and restarts it once per failure; one that cannot be restarted stays down until the next group tries
 * a fresh one.
 *
 * Who calls what: the runner creates one LoadSide per kind (loadSideSpecs), and its group runs call ensureRunning()
 * before their trials, request() during them, restart() after a LoadSideError, stop() when done with it.
 */
import { AgentError, type AgentProcess } from './agents/process.ts';

/** The load side crashed, hung, or could not (re)start: the message names the process and what happened. */
export class LoadSideError extends Error {
  override name = 'LoadSideError';
  constructor(
    /** Which process, e.g. 'target server'. */
    readonly side: string,
    message: string,
    /** Its last words, when it printed any. */
    readonly stderrTail?: string,
  ) {
    super(message);
  }
}

export interface LoadSide<Info = unknown> {
  readonly label: string;
  /** 'group': a fresh process for each scenario group, stopped at the group's end; 'run': one for the whole run. */
  readonly lifetime: 'group' | 'run';
  /** What the running process said about itself when it started (e.g. the target server's URL). */
  readonly info: Info;
  /** Starts the process unless it is running. Throws LoadSideError. */
  ensureRunning(): Promise<void>;
  /**
   * A request to the running process. Its crash or missed deadline becomes a LoadSideError (and the process is
   * gone); an error it answers with passes through as AgentError, since that is about what it was asked to do
   * (e.g. a style's echo server refused the load generator's connections).
   */
  request<T>(type: string, payload: unknown, timeoutMs: number): Promise<T>;
  /** After a LoadSideError: one fresh start. Throws LoadSideError when that fails too; the side is then down. */
  restart(): Promise<void>;
  /** Stops the process if it is running; never throws. */
  stop(): Promise<void>;
}

export interface LoadSideSpec {
  label: string;
  /** Agent entry file, relative to harness/agents/. */
  entry: string;
  args: string[];
  lifetime: LoadSide['lifetime'];
  /** A request the started process answers with its `info`; without one, info is undefined. */
  hello?: string;
}

/** Starts an agent on the load side's core, accounted for by the runner (see Runner.startAgent). */
export type AgentStarter = (entry: string, args: string[], label: string) => Promise<AgentProcess>;

export type LoadSideName = 'loadgen' | 'target';

/**
 * The load sides scenarios use, by name (what a later scenario names to reuse one). `overrides` replaces an agent
 * (tests use it to stand in a load side that fails on purpose).
 */
export function loadSideSpecs(host: string, overrides: Partial<Record<LoadSideName, { entry: string; args: string[] }>> = {}): Record<LoadSideName, LoadSideSpec> {
  return {
    loadgen: { label: 'echo load generator', entry: 'echo-loadgen.ts', args: [], lifetime: 'group', ...overrides.loadgen },
    // One target for the whole run: its start-up is not free, and it keeps no state between trials.
    target: { label: 'target server', entry: 'target.ts', args: [host], lifetime: 'run', hello: 'info', ...overrides.target },
  };
}

/** A load side that is one agent process. */
export class AgentLoadSide<Info = unknown> implements LoadSide<Info> {
  private agent: AgentProcess | undefined;
  private started: Info | undefined;

  constructor(
    private readonly spec: LoadSideSpec,
    private readonly start: AgentStarter,
    private readonly startTimeoutMs: number,
  ) {}

  get label(): string {
    return this.spec.label;
  }

  get lifetime(): LoadSide['lifetime'] {
    return this.spec.lifetime;
  }

  get info(): Info {
    if (!this.agent) throw new LoadSideError(this.label, `the ${this.label} is not running`);
    return this.started as Info;
  }

  async ensureRunning(): Promise<void> {
    if (!this.agent) await this.launch('could not start');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch('could not be restarted');
  }

  async request<T>(type: string, payload: unknown, timeoutMs: number): Promise<T> {
    const agent = this.agent;
    if (!agent) throw new LoadSideError(this.label, `the ${this.label} is not running`);
    try {
      return await agent.request<T>(type, payload, timeoutMs);
    } catch (err) {
      if (err instanceof AgentError) throw err;
      // It crashed or missed its deadline (and was killed): either way it is gone.
      await agent.kill();
      this.agent = undefined;
      throw new LoadSideError(this.label, (err as Error).message, agent.stderr.trim() || undefined);
    }
  }

  async stop(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    await agent?.stop();
  }

  private async launch(failed: string): Promise<void> {
    let agent: AgentProcess | undefined;
    try {
      agent = await this.start(this.spec.entry, this.spec.args, this.label);
      this.started = this.spec.hello ? await agent.request<Info>(this.spec.hello, undefined, this.startTimeoutMs) : undefined;
    } catch (err) {
      await agent?.kill(); // the next attempt starts a fresh one; this one must not be left behind
      const stderrTail = (agent?.stderr ?? (err as { stderrTail?: string }).stderrTail ?? '').trim();
      throw new LoadSideError(this.label, `the ${this.label} ${failed}: ${(err as Error).message}`, stderrTail || undefined);
    }
    this.agent = agent;
  }
}
