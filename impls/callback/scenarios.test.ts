import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTargetServer } from '../../test/support.ts';
import { payloadBytes } from '../../scenarios/payload.ts';
import type { HTTPResponse } from './httpclient.ts';
import { IOLoop } from './ioloop.ts';
import { EchoServer } from './scenarios/echo.ts';
import { fetchAll } from './scenarios/url-fetch.ts';

const target = useTargetServer();

describe('url-fetch scenario', () => {
  it('starts the loop, and the last response stops it with every response in place', async () => {
    const loop = new IOLoop();
    const urls = [`${target.url}/delay/30`, `${target.url}/bytes/5`, `${target.url}/status/404`, `${target.url}/bytes/0`];
    const responses: HTTPResponse[] = [];
    await new Promise<void>((stopped) => {
      loop.addStopListener(stopped);
      fetchAll(urls, { maxClients: 2, requestTimeout: 2, ioLoop: loop }, (i, response) => (responses[i] = response));
      expect(loop.isRunning()).toBe(true); // start() returned at once; the loop runs on Node's event loop
    });
    expect(loop.isRunning()).toBe(false);
    expect(responses.map((r) => r.code)).toEqual([200, 200, 404, 200]);
    expect(responses.map((r) => r.request.url)).toEqual(urls);
  });

  it('stops after one turn for no URLs', async () => {
    const loop = new IOLoop();
    let handled = 0;
    await new Promise<void>((stopped) => {
      loop.addStopListener(stopped);
      fetchAll([], { maxClients: 2, requestTimeout: 0.1, ioLoop: loop }, () => handled++);
    });
    expect(handled).toBe(0);
    expect(loop.isRunning()).toBe(false);
  });
});

describe('echo scenario', () => {
  it('echoes every byte on several connections until they close', async () => {
    const loop = new IOLoop();
    const server = new EchoServer({ ioLoop: loop });
    loop.start();
    const port = await new Promise<number>((resolve, reject) =>
      server.listen(0, '127.0.0.1', (err) => (err ? reject(err) : resolve(server.port))),
    );
    const message = payloadBytes(200_000, 11);
    const echoOnce = (): Promise<Buffer> =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let got = 0;
        const client = net.connect(port, '127.0.0.1', () => client.write(message));
        client.on('data', (d: Buffer) => {
          chunks.push(d);
          got += d.length;
          if (got >= message.length) client.end();
        });
        client.on('close', () => resolve(Buffer.concat(chunks)));
        client.on('error', reject);
      });
    const replies = await Promise.all([echoOnce(), echoOnce(), echoOnce()]);
    for (const reply of replies) expect(reply.equals(message)).toBe(true);
    await new Promise<void>((stopped) => {
      loop.addStopListener(stopped);
      server.shutdown();
      loop.stop();
    });
    expect(server.connectionCount).toBe(0);
  });
});
