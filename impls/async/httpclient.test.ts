/**
 * The aiohttp-shaped HTTP client: fetching, keep-alive, deadlines (ClientTimeout), aiohttp's error hierarchy, and a
 * session left open (reported, and never keeping the process alive).
 */
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { freePort, useTargetServer } from '../../test/support.ts';
import { isPayload } from '../../scenarios/payload.ts';
import {
  CancelledError,
  ClientConnectionError,
  ClientConnectorError,
  ClientError,
  ClientOSError,
  ClientPayloadError,
  ClientResponseError,
  ClientSession,
  InvalidURL,
  ServerConnectionError,
  ServerDisconnectedError,
  ServerTimeoutError,
  TimeoutError,
  ValueError,
  createTask,
  currentTask,
  gather,
  run,
  sleep,
  stats,
  waitFor,
} from './index.ts';

const target = useTargetServer();

describe('HTTP client', () => {
  it('fetches bodies of every size intact', async () => {
    await run(async () => {
      const session = new ClientSession();
      try {
        const sizes = [0, 1, 4096, 200_000];
        const responses = await gather(...sizes.map((n) => createTask(() => session.get(`${target.url}/bytes/${n}`))));
        responses.forEach((r, i) => {
          expect(r.status).toBe(200);
          expect(isPayload(r.body, sizes[i]!)).toBe(true);
        });
        const dripped = await session.get(`${target.url}/drip/5000/20`);
        expect(isPayload(dripped.body, 5000)).toBe(true);
      } finally {
        session.close();
      }
    });
  });

  it('reuses a keep-alive connection for sequential requests', async () => {
    let connections = 0;
    const server = http.createServer((_req, res) => res.end('ok'));
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    try {
      await run(async () => {
        const session = new ClientSession();
        for (let i = 0; i < 5; i++) expect((await session.get(url)).text()).toBe('ok');
        session.close();
      });
      expect(connections).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('raises TimeoutError when the per-request deadline passes, and the next request still works', async () => {
    await run(async () => {
      const session = new ClientSession();
      await expect(session.get(`${target.url}/hang`, { timeout: 0.05 })).rejects.toBeInstanceOf(TimeoutError);
      expect((await session.get(`${target.url}/bytes/10`, { timeout: 10 })).status).toBe(200);
      session.close();
    });
  });


  it('concurrent requests in one task keep separate deadlines: one timing out does not cancel the other', async () => {
    await run(async () => {
      const session = new ClientSession();
      const [hung, slow] = await Promise.allSettled([
        session.get(`${target.url}/hang`, { timeout: 0.02 }),
        session.get(`${target.url}/delay/60`, { timeout: 10 }),
      ]);
      expect(hung.status === 'rejected' && hung.reason).toBeInstanceOf(TimeoutError);
      expect(slow.status === 'fulfilled' && slow.value.text()).toBe('ok');
      session.close();
    });
  });

  it('a per-request deadline times out that request in its own task: TimeoutError there, nothing cancelled, other tasks unaffected', async () => {
    await run(async () => {
      // Deterministic on a loaded machine: only requests to a server that never answers get a short deadline; the
      // ones that must succeed get the session's generous one.
      const session = new ClientSession({ timeout: { total: 10 } });
      const fetchOne = async (path: string, timeout?: number): Promise<string> => {
        try {
          return (await session.get(`${target.url}${path}`, timeout === undefined ? {} : { timeout })).text().slice(0, 2);
        } catch (err) {
          if (!(err instanceof TimeoutError)) throw err;
          // The deadline was withdrawn with the request: the task is not left cancelled and keeps working.
          expect(currentTask()!.cancelling()).toBe(0);
          await sleep(0.005);
          return 'timeout';
        }
      };
      const tasks = [createTask(fetchOne, '/hang', 0.05), createTask(fetchOne, '/bytes/2'), createTask(fetchOne, '/delay/10'), createTask(fetchOne, '/hang', 0.05)];
      await sleep(0.005);
      // The deadline runs in the requesting task (as aiohttp's does), not in a task of its own per request.
      expect(stats().living).toBe(1 + tasks.length - tasks.filter((t) => t.done()).length);
      const results = await gather(...tasks);
      expect(results).toEqual(['timeout', (await session.get(`${target.url}/bytes/2`)).text(), 'ok', 'timeout']);
      expect(stats()).toMatchObject({ living: 1, timers: 0 });
      session.close();
    });
  });

  it('cancelling a task during a request with a deadline propagates CancelledError, not TimeoutError', async () => {
    await run(async () => {
      const session = new ClientSession({ timeout: { total: 5 } });
      let seen: unknown;
      const task = createTask(async () => {
        try {
          await session.get(`${target.url}/hang`);
        } catch (err) {
          seen = err;
          throw err;
        }
      });
      await sleep(0.02);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(seen).toBeInstanceOf(CancelledError);
      expect(seen).not.toBeInstanceOf(TimeoutError);
      expect(task.cancelled()).toBe(true);
      expect(stats().timers).toBe(0);
      session.close();
    });
  });

  it('waitFor around a request cancels it at its pending read', async () => {
    await run(async () => {
      const session = new ClientSession();
      await expect(waitFor(() => session.get(`${target.url}/hang`), 0.03)).rejects.toBeInstanceOf(TimeoutError);
      session.close();
    });
  });
});

/** A loopback server that misbehaves per path, as a real one can: for the errors aiohttp names each failure with. */
async function misbehavingServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', (request) => {
      const path = request.toString('latin1').split(' ')[1];
      if (path === '/close-before') socket.end();
      else if (path === '/reset-before') socket.resetAndDestroy();
      else if (path === '/garbage') socket.end('HTTX/1.1 200 OK\r\n\r\n');
      else if (path === '/short-body') socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
      else if (path === '/slow-body') socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab'); // then nothing
      else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe("aiohttp's error hierarchy", () => {
  it('names each failure as aiohttp 3.8 does, keeping the socket or codec error as its cause', async () => {
    const bad = await misbehavingServer();
    try {
      await run(async () => {
        const session = new ClientSession({ timeout: { total: 10 } });
        const refused = await failureOf(session.get(`http://127.0.0.1:${await freePort()}/`));
        expect(refused).toBeInstanceOf(ClientConnectorError);
        expect((refused as ClientConnectorError).osError).toMatchObject({ code: 'ECONNREFUSED' });
        expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
        expect(await failureOf(session.get(`${bad.url}/close-before`))).toBeInstanceOf(ServerDisconnectedError);
        const reset = await failureOf(session.get(`${bad.url}/reset-before`));
        expect(reset).toBeInstanceOf(ClientOSError);
        expect(reset).toMatchObject({ code: 'ECONNRESET' });
        expect(await failureOf(session.get(`${bad.url}/short-body`))).toBeInstanceOf(ClientPayloadError);
        expect(await failureOf(session.get(`${target.url}/reset`))).toBeInstanceOf(ClientPayloadError);
        const garbage = await failureOf(session.get(`${bad.url}/garbage`));
        expect(garbage).toBeInstanceOf(ClientResponseError);
        expect(garbage).toMatchObject({ status: 400, cause: { code: 'PROTOCOL' } });
        const response = await session.get(`${target.url}/status/503`);
        expect(response.status).toBe(503);
        const status = await failureOf(Promise.resolve().then(() => response.raiseForStatus()));
        expect(status).toBeInstanceOf(ClientResponseError);
        expect(status).toMatchObject({ status: 503, message: 'Service Unavailable' });
        expect((status as Error).cause).toBeUndefined();
        const invalid = await failureOf(session.get('https://127.0.0.1:1/x'));
        expect(invalid).toBeInstanceOf(InvalidURL);
        expect(invalid).toBeInstanceOf(ValueError);
        expect(await failureOf(session.get('http://[not a url'))).toBeInstanceOf(InvalidURL);
        session.close();
      });
    } finally {
      await bad.close();
    }
  });

  it('a total deadline is a plain TimeoutError; a socket-read deadline is ServerTimeoutError, which is a TimeoutError too', async () => {
    const bad = await misbehavingServer();
    try {
      await run(async () => {
        const session = new ClientSession();
        const total = await failureOf(session.get(`${target.url}/hang`, { timeout: 0.05 }));
        expect(total).toBeInstanceOf(TimeoutError);
        expect(total).not.toBeInstanceOf(ClientError);
        const sockRead = await failureOf(session.get(`${bad.url}/slow-body`, { timeout: { total: 10, sockRead: 0.05 } }));
        expect(sockRead).toBeInstanceOf(ServerTimeoutError);
        expect(sockRead).toBeInstanceOf(TimeoutError);
        expect(sockRead).toBeInstanceOf(ClientError);
        // The total deadline passing while a read waits under sockRead is the total's: a plain TimeoutError.
        const outer = await failureOf(session.get(`${target.url}/hang`, { timeout: { total: 0.05, sockRead: 10 } }));
        expect(outer).toBeInstanceOf(TimeoutError);
        expect(outer).not.toBeInstanceOf(ServerTimeoutError);
        session.close();
      });
    } finally {
      await bad.close();
    }
  });

  it("has aiohttp 3.8.4's ancestry (checked against its client_exceptions.py; Python's second bases by instanceof)", () => {
    const ancestry: Array<[new (...args: never[]) => Error, Array<abstract new (...args: never[]) => unknown>]> = [
      [ClientResponseError, [ClientError]],
      [ClientOSError, [ClientConnectionError, ClientError]],
      [ClientConnectorError, [ClientOSError, ClientConnectionError, ClientError]],
      [ServerDisconnectedError, [ServerConnectionError, ClientConnectionError, ClientError]],
      [ServerTimeoutError, [ServerConnectionError, ClientConnectionError, ClientError, TimeoutError]],
      [ClientPayloadError, [ClientError]],
      [InvalidURL, [ClientError, ValueError]],
    ];
    for (const [cls, bases] of ancestry) {
      for (const base of bases) expect(Object.create(cls.prototype) instanceof base, `${cls.name} is a ${base.name}`).toBe(true);
    }
    expect(Object.create(ClientPayloadError.prototype) instanceof ClientConnectionError).toBe(false);
    expect(Object.create(ServerDisconnectedError.prototype) instanceof TimeoutError).toBe(false);
    expect(new TimeoutError('plain') instanceof TimeoutError).toBe(true);
  });
});

describe('a session left open', () => {
  const layer = fileURLToPath(new URL('./index.ts', import.meta.url));

  /** A server that keeps idle keep-alive connections open for ever, as a client must not rely on it closing them. */
  async function keepAliveServer(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((_req, res) => res.end('ok'));
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  /**
   * Runs `body(url)` (JavaScript with the layer imported as `aio`, `url` a keep-alive server's) in a child process;
   * 10 s is far past a prompt exit.
   */
  async function child(body: (url: string) => string): Promise<Awaited<ReturnType<typeof execa>>> {
    const server = await keepAliveServer();
    try {
      const script = `const aio = await import(${JSON.stringify(layer)});\n${body(JSON.stringify(server.url))}`;
      return await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { reject: false, timeout: 10_000 });
    } finally {
      await server.close();
    }
  }

  it('does not keep the process alive, and is reported as aiohttp reports it when its run() ends', async () => {
    const r = await child(
      (url) => `
        await aio.run(async () => {
          const session = new aio.ClientSession();
          console.log('status', (await session.get(${url})).status);
        });
        console.log('run returned');`,
    );
    expect(r.timedOut, 'the child was still alive after 10 s').toBe(false);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('status 200\nrun returned');
    expect(r.stderr).toBe(
      'Unclosed client session\nclient_session: <ClientSession open>\nUnclosed connector\nconnections: [1 idle]\nconnector: <TCPConnector idle=1>',
    );
  });

  it('made outside any run(), is reported at exit', async () => {
    const r = await child(
      (url) => `
        const session = new aio.ClientSession();
        console.log('status', (await session.get(${url})).status);`,
    );
    expect(r.timedOut, 'the child was still alive after 10 s').toBe(false);
    expect(r.stdout).toBe('status 200');
    expect(r.stderr).toContain('Unclosed client session\nclient_session: <ClientSession open>');
  });

  it('closed in time, is not reported, and a connection in use still keeps the process alive until it is done', async () => {
    const r = await child(
      () => `
        await aio.run(async () => {
          const session = new aio.ClientSession();
          try {
            console.log((await session.get(${JSON.stringify(`${target.url}/delay/300`)})).text());
          } finally {
            session.close();
          }
        });`,
    );
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toBe('ok');
    expect(r.stderr).toBe('');
  });
});
