/**
 * How a task body finds its task, on whichever mechanism this process uses (vitest runs this file once per
 * mechanism: see vitest.config.ts).
 */
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CancelledError, contextMechanism, createTask, currentTask, gather, openConnection, run, sleep, startServer, type Task } from './index.ts';

const forced = process.env.TESTBED_ASYNC_CONTEXT;
const nodeMajor = Number(process.versions.node.split('.')[0]);

describe('the task context slot', () => {
  it('uses the V8 slot on Node 20 and 21 unless told otherwise (the addon is built by npm ci)', () => {
    const expected = forced === 'async_hooks' || nodeMajor >= 22 ? 'async_hooks' : 'v8';
    expect(contextMechanism.mechanism, contextMechanism.reason).toBe(expected);
  });

  it('refuses a TESTBED_ASYNC_CONTEXT it does not know, rather than quietly measuring something else', async () => {
    const layer = fileURLToPath(new URL('./index.ts', import.meta.url));
    const r = await execa(process.execPath, ['--import', 'tsx', '-e', `await import(${JSON.stringify(layer)})`], {
      env: { TESTBED_ASYNC_CONTEXT: 'als' },
      reject: false,
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("TESTBED_ASYNC_CONTEXT must be 'v8' or 'async_hooks', not 'als'");
  });

  it('follows each task through awaits of foreign promises, timers and other tasks, without mixing tasks up', async () => {
    const seen: string[] = [];
    async function body(label: string): Promise<void> {
      const me = currentTask();
      await new Promise<void>((resolve) => setTimeout(resolve, label === 'a' ? 5 : 1));
      seen.push(`${label}:${currentTask() === me}`);
      await Promise.resolve();
      await sleep(0.001);
      seen.push(`${label}:${currentTask() === me}`);
    }
    await run(async () => {
      const a = createTask(body, 'a');
      const b = createTask(body, 'b');
      await gather(a, b);
    });
    expect(seen.sort()).toEqual(['a:true', 'a:true', 'b:true', 'b:true']);
    expect(currentTask()).toBeUndefined();
  });

  it('`await task` is a library await: cancelling the awaiting task cancels the awaited one', async () => {
    await run(async () => {
      let childFinally = false;
      const child = createTask(async () => {
        try {
          await sleep(60);
        } finally {
          childFinally = true;
        }
      });
      const waiting = createTask(async () => {
        await child;
      });
      await sleep(0.002);
      waiting.cancel();
      await expect(waiting).rejects.toBeInstanceOf(CancelledError);
      expect(child.cancelled()).toBe(true);
      expect(childFinally).toBe(true);
    });
  });

  it('a task started for a connection belongs to the run() that started the server: teardown cancels it', async () => {
    let handlerFinally = false;
    let handlerTask: Task<unknown> | undefined;
    let onConnected!: () => void;
    const connected = new Promise<void>((resolve) => (onConnected = resolve));
    await run(async () => {
      const server = await startServer(
        async () => {
          handlerTask = currentTask();
          onConnected();
          try {
            await sleep(60);
          } finally {
            handlerFinally = true;
          }
        },
        '127.0.0.1',
        0,
      );
      const { writer } = await openConnection('127.0.0.1', server.port);
      await connected;
      writer.abort();
      server.close();
      // main returns with the handler still asleep: run() must cancel it rather than hang or leave it behind
    });
    expect(handlerTask?.cancelled()).toBe(true);
    expect(handlerFinally).toBe(true);
  });

  it('code outside any task sees no task, after tasks have run on the same event loop', async () => {
    await run(async () => {
      await sleep(0.001);
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(currentTask()).toBeUndefined();
    const socket = net.connect(1, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('error', () => resolve()));
    expect(currentTask()).toBeUndefined();
  });
});
