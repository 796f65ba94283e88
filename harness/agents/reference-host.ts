/**
 * A real Python system as a row of a scenario group: a CellHost (harness/cell-host.ts) over the reference process of
 * harness/agents/reference.ts. It answers what a style host answers, so the runner treats both alike: the same
 * trials, load side, deadlines and verification. Its cost is read from outside, through /proc, since a Python
 * process has no ProcessProbe inside it; loop delay and utilisation are therefore absent (null) for its rows.
 */
import { verifyReferenceFetch } from '../../impls/reference/verify.ts';
import type { ReferenceName, ReferenceScenario } from '../../impls/reference/references.ts';
import { REFERENCES } from '../../impls/reference/references.ts';
import { urlFetchJob, type UrlFetchParams } from '../../scenarios/url-fetch.ts';
import type { CellHost } from '../cell-host.ts';
import { ProcProbe } from '../metrics/proc.ts';
import type { StyleInfo, UrlFetchTrial } from '../results.ts';
import { urlFetchFigures } from '../url-fetch-figures.ts';
import { AgentError } from './process.ts';
import type { PythonProcess } from './python-process.ts';
import { referenceUrlFetch, startReference, type StartReferenceOptions } from './reference.ts';

export class ReferenceHost implements CellHost {
  private readonly probe: ProcProbe;

  private constructor(
    private readonly name: ReferenceName,
    private readonly child: PythonProcess,
    private readonly info: StyleInfo,
    private readonly port: number | undefined,
  ) {
    this.probe = new ProcProbe(child.pid ?? -1);
  }

  static async start(name: ReferenceName, scenario: ReferenceScenario, options: StartReferenceOptions): Promise<ReferenceHost> {
    const { process: child, greeting } = await startReference(name, scenario, options);
    const info: StyleInfo = {
      description: `${greeting.description} (the real ${REFERENCES[name].system}: a reference row)`,
      machinery: `${greeting.system} ${greeting.version} on Python ${greeting.python}`,
    };
    return new ReferenceHost(name, child, info, greeting.port);
  }

  get label(): string {
    return this.child.label;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderr(): string {
    return this.child.stderr;
  }

  async request<T>(type: string, payload: unknown, timeoutMs: number): Promise<T> {
    switch (type) {
      case 'describe':
        return this.info as T;
      case 'echo-start':
        if (this.port === undefined) throw new AgentError(`${this.label} is not an echo server`);
        return { port: this.port } as T;
      case 'probe-begin':
        this.probe.begin();
        return undefined as T;
      case 'probe-end':
        return { process: this.probe.end() } as T;
      // A sweep level's memory: RSS is read from outside for every row (harness/sweep/memory.ts); a Python process
      // has no V8 heap to report.
      case 'memory-idle':
        return { heapMiB: null } as T;
      case 'memory-begin':
        return undefined as T;
      case 'memory-end':
        return { leastMiB: null, mostMiB: null, samples: 0 } as T;
      case 'url-fetch':
        return (await this.urlFetch(payload as { baseUrl: string; params: UrlFetchParams }, timeoutMs)) as T;
      default:
        throw new AgentError(`${this.label} (reference ${this.name}) has no '${type}' request`);
    }
  }

  stop(): Promise<void> {
    return this.child.stop();
  }

  kill(): Promise<void> {
    return this.child.kill();
  }

  private async urlFetch(input: { baseUrl: string; params: UrlFetchParams }, timeoutMs: number): Promise<Omit<UrlFetchTrial, 'load'>> {
    const job = urlFetchJob(input.baseUrl, input.params);
    this.probe.begin();
    const reply = await referenceUrlFetch(this.child, job, timeoutMs);
    const processSample = this.probe.end();
    const verdict = verifyReferenceFetch(job, reply.outcomes, input.params.size);
    return { ...urlFetchFigures(verdict, reply.outcomes.map((o) => o.latencyMs), reply.elapsedMs, input.params.size), process: processSample };
  }
}
