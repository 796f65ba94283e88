/**
 * The references' process protocol on its own (impls/reference/_harness.py), through a stub system and the
 * standard-library echo server, so it runs on any Python 3: bad jobs answered and survived, stdout kept for the
 * protocol, the job loop leaving when stdin closes mid-job, and no listening anywhere but loopback.
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PythonProcess } from '../../harness/agents/python-process.ts';
import { eventually } from '../../test/support.ts';
import { findPython, referenceScript } from './references.ts';

const python = findPython();
const stub = fileURLToPath(new URL('../../test/fixtures/python/stub_fetch.py', import.meta.url));
const startStub = () => PythonProcess.start({ python, script: stub, label: 'stub' });
const job = (...paths: string[]) => ({ urls: paths.map((p) => `http://127.0.0.1:1${p}`), concurrency: 1, timeoutMs: 1000 });

describe("the url-fetch job loop", () => {
  it('answers each kind of bad job with ok:false and a message, and goes on serving', async () => {
    const child = await startStub();
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...job('/a'), cmd: 'echo-start' }, "unknown cmd 'echo-start'; this reference runs 'url-fetch'"],
      [{ ...job('/a'), urls: 'http://127.0.0.1:1/a' }, 'urls must be a list of strings'],
      [{ ...job('/a'), urls: ['https://127.0.0.1/'] }, "urls must be http:// URLs on loopback, got 'https://127.0.0.1/'"],
      [{ ...job('/a'), concurrency: 1.5 }, 'concurrency must be a whole number above 0, got 1.5'],
      [{ ...job('/a'), timeoutMs: 0 }, 'timeoutMs must be a number above 0, got 0'],
      [job('/raise'), 'RuntimeError: the stub system broke'],
    ];
    for (const [payload, message] of bad) {
      const { cmd, ...rest } = payload as { cmd?: string };
      await expect(child.request(cmd ?? 'url-fetch', rest, 5000)).rejects.toThrow(message);
    }
    const answer = await child.request('url-fetch', job('/fine'), 5000);
    expect(answer.outcomes).toEqual([expect.objectContaining({ status: 200, bytes: 'http://127.0.0.1:1/fine'.length })]);
    // The traceback, for the report's notes (stderr is another pipe: it may arrive after the answer).
    expect(await eventually(() => child.stderr.includes('RuntimeError: the stub system broke'), 5000)).toBe(true);
    await child.stop();
  });

  it('keeps stdout for the protocol: a system that prints is heard on stderr', async () => {
    const child = await startStub();
    const answer = await child.request('url-fetch', job('/print'), 5000);
    expect(answer.outcomes).toHaveLength(1);
    expect(await eventually(() => child.stderr.includes('a stray print from the system'), 5000)).toBe(true);
    await child.stop();
  });

  it('takes stdin closing just after an answer as the normal end, not as a job abandoned', async () => {
    const child = await startStub();
    await child.request('url-fetch', job('/a'), 5000);
    await child.stop(5000);
    expect(child.exit).toBe('exited with code 0');
    expect(child.stderr).not.toContain('leaving without finishing it');
  });

  it('leaves at once, exit code 0, when stdin closes while a job runs', async () => {
    const child = await startStub();
    child.request('url-fetch', job('/sleep'), 60_000).catch(() => undefined);
    expect(await eventually(() => child.stderr.includes('stub: sleeping'), 5000)).toBe(true);
    const started = Date.now();
    await child.stop(5000);
    expect(child.exit).toBe('exited with code 0');
    expect(Date.now() - started).toBeLessThan(2000); // no SIGTERM was needed (it would come after 5 s)
    expect(child.stderr).toContain('stdin closed during a job; leaving without finishing it');
  });
});

describe('an echo server', () => {
  it('whose stdin closes while it is still starting exits 0 at once', async () => {
    const slow = fileURLToPath(new URL('../../test/fixtures/python/slow_echo.py', import.meta.url));
    const started = Date.now();
    const r = await execa(python, ['-B', slow], { reject: false, input: '', timeout: 20_000 });
    expect(r.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it.each([
    [['--host', '0.0.0.0'], "argument --host: must be a loopback address (127.0.0.1, ::1, localhost), got '0.0.0.0'"],
    [['--port', 'eighty'], "argument --port: must be a port number from 0 to 65535, got 'eighty'"],
  ])('refuses the arguments %j with exit code 2 and says why', async (args, message) => {
    const r = await execa(python, ['-B', referenceScript('asyncio_echo.py'), ...args], { reject: false, stdin: 'ignore', timeout: 20_000 });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
