/**
 * PythonProcess turns each way a Python child can fail into a typed error, and leaves no process behind: not on
 * stop, not on a deadline, not when the child misbehaves, not when the parent itself is killed outright.
 * The children here need only the standard library (any Python 3.8+).
 */
import { execa } from 'execa';
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPython } from '../../impls/reference/references.ts';
import { eventually, isRunning } from '../../test/support.ts';
import { findTaskset } from '../environment.ts';
import { AgentCrashed, AgentError, AgentTimeout } from './process.ts';
import { PythonProcess } from './python-process.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
const python = findPython();
const JOB = { urls: ['http://127.0.0.1:1/a'], concurrency: 1, timeoutMs: 1000 };

function misbehave(mode: string, startTimeoutMs?: number): Promise<PythonProcess> {
  return PythonProcess.start({ python, script: fixture('python/misbehave.py'), args: [mode], label: mode, ...(startTimeoutMs ? { startTimeoutMs } : {}) });
}

async function failureOf(promise: Promise<unknown>): Promise<Error & { stderrTail?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('PythonProcess', () => {
  it('greets, answers requests by id, and exits 0 when stop() closes its stdin', async () => {
    const child = await PythonProcess.start({ python, script: fixture('python/stub_fetch.py'), label: 'stub' });
    expect(child.greeting).toMatchObject({ event: 'ready', system: 'stub' });
    const [a, b] = await Promise.all([
      child.request('url-fetch', { ...JOB, urls: ['http://127.0.0.1:1/a'] }, 5000),
      child.request('url-fetch', { ...JOB, urls: ['http://127.0.0.1:1/bb'] }, 5000),
    ]);
    expect((a.outcomes as Array<{ bytes: number }>)[0]!.bytes).toBe('http://127.0.0.1:1/a'.length);
    expect((b.outcomes as Array<{ bytes: number }>)[0]!.bytes).toBe('http://127.0.0.1:1/bb'.length);
    await child.stop(2000);
    expect(child.exit).toBe('exited with code 0');
  });

  it('the halt signal kills the child at once, and a child that has gone leaves no listener on it', async () => {
    const halt = new AbortController();
    // One run starts dozens of reference processes under the same halt signal: each must take its listener away.
    for (let i = 0; i < 3; i++) {
      const child = await PythonProcess.start({ python, script: fixture('python/stub_fetch.py'), label: 'stub', killSignal: halt.signal });
      await child.stop();
    }
    expect(getEventListeners(halt.signal, 'abort')).toHaveLength(0);
    const child = await PythonProcess.start({ python, script: fixture('python/stub_fetch.py'), label: 'stub', killSignal: halt.signal });
    halt.abort();
    expect(await eventually(() => !isRunning(child.pid!), 5000)).toBe(true);
    expect(getEventListeners(halt.signal, 'abort')).toHaveLength(0);
  });

  it('a child that dies before its greeting: AgentCrashed with its exit code and stderr', async () => {
    const err = await failureOf(misbehave('die-before-greeting'));
    expect(err).toBeInstanceOf(AgentCrashed);
    expect(err.message).toContain('exited with code 7');
    expect(err.stderrTail).toContain('misbehave: about to die');
  });

  it('a child that dies during a request: AgentCrashed, for that request and every later one', async () => {
    const child = await misbehave('die-on-request');
    const err = await failureOf(child.request('url-fetch', JOB, 5000));
    expect(err).toBeInstanceOf(AgentCrashed);
    expect(err.message).toContain('exited with code 5');
    expect(child.stderr).toContain('misbehave: dying on request 1');
    await expect(child.request('url-fetch', JOB, 5000)).rejects.toBeInstanceOf(AgentCrashed);
  });

  it('a child that never greets: AgentTimeout, and it is gone', async () => {
    const started = Date.now();
    const err = await failureOf(misbehave('never-greet', 500));
    expect(err).toBeInstanceOf(AgentTimeout);
    expect(err.message).toContain('did not greet within 500 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a child that hangs past its deadline: AgentTimeout, and it is killed', async () => {
    const child = await misbehave('hang');
    const err = await failureOf(child.request('url-fetch', JOB, 300));
    expect(err).toBeInstanceOf(AgentTimeout);
    expect(err.message).toContain("did not answer 'url-fetch' within 300 ms");
    expect(await eventually(() => child.exit !== undefined, 5000)).toBe(true);
    expect(child.exit).toBe('killed by SIGKILL');
  });

  it.each([
    ['garbage', 'printed a line that is not JSON: "this is not JSON"'],
    ['answer-unasked', 'answered something it was not asked (id 101)'],
  ])('a child that breaks the protocol (%s): AgentError, and it is killed', async (mode, message) => {
    const child = await misbehave(mode);
    const err = await failureOf(child.request('url-fetch', JOB, 5000));
    expect(err).toBeInstanceOf(AgentError);
    expect(err.message).toContain(message);
    expect(await eventually(() => child.exit !== undefined, 5000)).toBe(true);
    await expect(child.request('url-fetch', JOB, 5000)).rejects.toThrow(message);
  });

  it('an ok:false answer: AgentError with the child\'s words, and the child goes on serving', async () => {
    const child = await misbehave('refuse');
    await expect(child.request('url-fetch', JOB, 5000)).rejects.toThrow(/^refuse: misbehave refuses$/);
    const answer = await child.request('url-fetch', JOB, 5000);
    expect(answer.echo).toMatchObject({ id: 2, cmd: 'url-fetch', concurrency: 1 });
    await child.kill();
  });

  it('stop() escalates to SIGKILL for a child that ignores both stdin closing and SIGTERM', async () => {
    const child = await misbehave('stubborn');
    const started = Date.now();
    await child.stop(200);
    expect(child.exit).toBe('killed by SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('an interpreter that does not exist: AgentCrashed saying it could not start', async () => {
    const err = await failureOf(PythonProcess.start({ python: '/nonexistent/python3', script: fixture('python/stub_fetch.py'), label: 'nothing' }));
    expect(err).toBeInstanceOf(AgentCrashed);
    expect(err.message).toMatch(/could not start.*ENOENT/);
  });

  const taskset = findTaskset();
  it.skipIf(!taskset)('pins the child to a core with taskset', async () => {
    const child = await PythonProcess.start({ python, script: fixture('python/stub_fetch.py'), label: 'pinned', core: 0 }, taskset);
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    expect(status).toMatch(/^Cpus_allowed_list:\s+0$/m);
    expect(status).toMatch(/^Name:\s+python/m); // taskset exec'd the interpreter: the pid measured is Python's
    await child.stop();
  });

  it.each(['echo', 'busy-job'])('the child leaves by itself when its parent is killed outright (%s)', async (mode) => {
    const parent = execa(process.execPath, ['--import', 'tsx', fixture('python-parent.ts'), mode], { reject: false, buffer: false, stdout: 'pipe', stderr: 'inherit' });
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { pid: number }).pid));
      parent.catch(reject);
    });
    expect(isRunning(pid)).toBe(true);
    parent.kill('SIGKILL');
    await parent;
    expect(await eventually(() => !isRunning(pid), 5000)).toBe(true);
  });
});
