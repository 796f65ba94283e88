/**
 * Starting and driving the Python references (impls/reference/) as harness children: the typed face of their
 * JSON-lines protocol. The runner (or a test) calls these; failures are those of PythonProcess.
 */
import type { UrlFetchJob } from '../../impls/contract.ts';
import type { ReferenceFetchReply, ReferenceGreeting } from '../../impls/reference/protocol.ts';
import { findPython, REFERENCES, referenceScript, type ReferenceName, type ReferenceScenario } from '../../impls/reference/references.ts';
import { PythonProcess, type Greeting } from './python-process.ts';

export interface StartReferenceOptions {
  /** Default: findPython(). */
  python?: string;
  /** Pin to this core when tasksetPath is given. */
  core?: number;
  tasksetPath?: string;
  startTimeoutMs?: number;
  /** The harness's halt: kills the process at once. */
  killSignal?: AbortSignal;
}

export interface RunningReference {
  process: PythonProcess;
  greeting: ReferenceGreeting;
}

function isGreeting(g: Greeting): g is Greeting & ReferenceGreeting {
  return (g.event === 'ready' || g.event === 'listening') && typeof g.system === 'string' && typeof g.version === 'string';
}

/** Starts `name` in `scenario` (echo: listening on a free loopback port) and waits for its greeting. */
export async function startReference(name: ReferenceName, scenario: ReferenceScenario, options: StartReferenceOptions = {}): Promise<RunningReference> {
  const role = REFERENCES[name].roles[scenario];
  if (!role) throw new Error(`reference ${name} has no ${scenario} role`);
  const child = await PythonProcess.start(
    {
      python: options.python ?? findPython(),
      script: referenceScript(role.script),
      args: scenario === 'echo' ? ['--host', '127.0.0.1', '--port', '0'] : [],
      label: `${name} (${scenario})`,
      ...(options.core !== undefined ? { core: options.core } : {}),
      ...(options.startTimeoutMs !== undefined ? { startTimeoutMs: options.startTimeoutMs } : {}),
      ...(options.killSignal ? { killSignal: options.killSignal } : {}),
    },
    options.tasksetPath,
  );
  const greeting = child.greeting;
  const expected = scenario === 'echo' ? 'listening' : 'ready';
  if (!isGreeting(greeting) || greeting.event !== expected || (scenario === 'echo' && typeof greeting.port !== 'number')) {
    await child.kill();
    throw new Error(`${child.label} greeted with ${JSON.stringify(greeting)}, not a '${expected}' line`);
  }
  return { process: child, greeting };
}

/** Runs one url-fetch job on a started url-fetch reference; `deadlineMs` bounds the whole job. */
export async function referenceUrlFetch(child: PythonProcess, job: Omit<UrlFetchJob, 'checkBody'>, deadlineMs: number): Promise<ReferenceFetchReply> {
  const answer = await child.request('url-fetch', { urls: job.urls, concurrency: job.concurrency, timeoutMs: job.timeoutMs }, deadlineMs);
  if (typeof answer.elapsedMs !== 'number' || !Array.isArray(answer.outcomes)) {
    throw new Error(`${child.label} answered url-fetch without elapsedMs and outcomes`);
  }
  return answer as unknown as ReferenceFetchReply;
}
