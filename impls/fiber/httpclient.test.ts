/**
 * HttpClient's idle keep-alive connections and the process's life, in child processes against the loopback target
 * server (which keeps idle connections open for 60 s): an idle pooled connection must not keep a finished program
 * running, a reused one must hold it while in use, and a client left unclosed is named at exit.
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTargetServer } from '../../test/support.ts';

const FIBER = fileURLToPath(new URL('./index.ts', import.meta.url));
const target = useTargetServer();

/** Runs `body` (a generator function's source) as a hub's main greenlet in a child Node, with `client` in scope. */
function runChild(body: string): ReturnType<typeof execa> {
  const source = `
    import { Hub, HttpClientPool } from ${JSON.stringify(FIBER)};
    const url = ${JSON.stringify(target.url)};
    const client = new HttpClientPool();
    new Hub().run(${body});
  `;
  // Well under the server's 60 s keep-alive: a child held alive by an idle connection is killed and the test fails.
  return execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { reject: false, timeout: 10_000, stdin: 'ignore' });
}

describe('HttpClient and the life of the process', () => {
  it('a program that fetches once and never closes its client exits at once, naming the unclosed client', async () => {
    const r = await runChild(`function* () {
      const res = yield* client.get(url + '/bytes/10');
      console.log(res.status);
    }`);
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('200');
    expect(r.stderr).toMatch(/^Unclosed HttpClient for 127\.0\.0\.1:\d+ \(1 idle connection\): close it/);
  });

  it('a reused connection holds the process again while a slow response is on its way; a closed client says nothing', async () => {
    const r = await runChild(`function* () {
      const first = yield* client.get(url + '/bytes/10');
      // Nothing but the reused socket is waiting now: no timer, no other handle.
      const second = yield* client.get(url + '/delay/300');
      console.log(first.status, second.status);
      client.close();
    }`);
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toBe('200 200');
    expect(r.stderr).toBe('');
  });
});
