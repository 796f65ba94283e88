/**
 * The green-thread core: greenlet lifecycle, joinall, links, errors, LoopExit, timers. Timer-ordering tests use a
 * ManualClock; the rest use the real clock with short waits that do not race (ordering, not timing, is asserted).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTargetServer } from '../../test/support.ts';
import {
  Event,
  GreenletExit,
  Hub,
  HttpClientPool,
  LoopExit,
  ManualClock,
  Queue,
  Semaphore,
  Timeout,
  joinall,
  killall,
  sleep,
  spawn,
  spawnLater,
  wait,
  type Green,
  type Greenlet,
} from './index.ts';

const target = useTargetServer();
afterEach(() => vi.restoreAllMocks());

/** Runs `body` as a fresh hub's main greenlet; resolves with the main greenlet once it has ended. */
function runMain<R>(body: () => Green<R>, hub = new Hub()): Promise<Greenlet<R>> {
  return new Promise((resolve) => hub.run(body).rawlink((g) => resolve(g)));
}

/** Returns everything written through a hub's error hook. */
function capturingHub(): { hub: Hub; output: string[] } {
  const output: string[] = [];
  return { hub: new Hub({ writeError: (text) => output.push(text) }), output };
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('greenlet lifecycle', () => {
  it('kill raises GreenletExit where the greenlet is blocked, runs its finally, and counts as success', async () => {
    const log: string[] = [];
    const main = await runMain(function* () {
      const g = spawn(function* () {
        try {
          yield* sleep(60);
          log.push('not reached');
        } finally {
          log.push('finally');
        }
      });
      yield* sleep(0); // let it start and park
      yield* g.kill();
      return g;
    });
    const g = main.value!;
    expect(log).toEqual(['finally']);
    expect(g.dead).toBe(true);
    expect(g.successful()).toBe(true);
    expect(g.value).toBeInstanceOf(GreenletExit);
    expect(g.exception).toBeUndefined();
  });

  it('killing a greenlet that has not started just ends it, synchronously, without running its body', async () => {
    let ran = false;
    const main = await runMain(function* () {
      const g = spawn(function* () {
        ran = true;
      });
      void g.kill(); // eager: no yield* needed
      const deadAtOnce = g.dead;
      yield* sleep(0);
      return deadAtOnce;
    });
    expect(main.value).toBe(true);
    expect(ran).toBe(false);
  });

  it('get returns the value, re-raises the failure, and raises Timeout when it waits too long', async () => {
    const { hub, output } = capturingHub();
    const main = await runMain(function* () {
      const ok = spawn(function* () {
        yield* sleep(0.001);
        return 42;
      });
      const bad = spawn(function* (): Green<number> {
        yield* sleep(0.001);
        throw new RangeError('boom');
      });
      const slow = spawn(function* () {
        yield* sleep(60);
      });
      const value = yield* ok.get();
      let raised: unknown;
      try {
        yield* bad.get();
      } catch (err) {
        raised = err;
      }
      let timedOut: unknown;
      try {
        yield* slow.get({ timeout: 0.005 });
      } catch (err) {
        timedOut = err;
      }
      yield* slow.join(0.005); // join never raises on timeout
      const slowAlive = !slow.dead;
      yield* slow.kill();
      return { value, raised, timedOut, slowAlive };
    }, hub);
    const r = main.value!;
    expect(r.value).toBe(42);
    expect(r.raised).toBeInstanceOf(RangeError);
    expect(r.timedOut).toBeInstanceOf(Timeout);
    expect(r.slowAlive).toBe(true);
    expect(output.join('')).toContain('failed with RangeError');
  });

  it('spawnLater starts the greenlet only after its delay', async () => {
    const clock = new ManualClock();
    const hub = new Hub({ clock });
    const log: string[] = [];
    const done = runMain(function* () {
      const g = spawnLater(0.05, function* () {
        log.push('started');
      });
      yield* g.join();
    }, hub);
    await turn();
    clock.advance(0.049);
    expect(log).toEqual([]);
    clock.advance(0.001);
    expect(log).toEqual(['started']);
    expect((await done).successful()).toBe(true);
  });
});

describe('joinall, wait, killall', () => {
  function* fail(): Green<void> {
    yield* sleep(0.001);
    throw new TypeError('bad greenlet');
  }
  function* value(n: number): Green<number> {
    yield* sleep(n / 1000);
    return n;
  }

  it('joinall without raiseError waits for all, raises nothing, and leaves failures on the greenlets', async () => {
    const { hub } = capturingHub();
    const main = await runMain(function* () {
      const gs = [spawn(value, 3), spawn(fail), spawn(value, 5)];
      const done = yield* joinall<unknown>(gs);
      return { done, gs };
    }, hub);
    const { done, gs } = main.value!;
    expect(main.successful()).toBe(true);
    expect(done).toHaveLength(3);
    expect(gs.map((g) => g.successful())).toEqual([true, false, true]);
    expect(gs[1]!.exception).toBeInstanceOf(TypeError);
  });

  it('joinall with raiseError raises the first failure while the others keep running', async () => {
    const { hub } = capturingHub();
    const main = await runMain(function* () {
      // The slow one waits for an event set only after the raise: no timing decides the outcome.
      const go = new Event();
      const slow = spawn(function* () {
        yield* go.wait();
        return 20;
      });
      let raised: unknown;
      try {
        yield* joinall<unknown>([spawn(fail), slow], { raiseError: true });
      } catch (err) {
        raised = err;
      }
      const slowStillRunning = !slow.dead;
      go.set();
      yield* slow.join();
      return { raised, slowStillRunning, slowValue: slow.value };
    }, hub);
    expect(main.value!.raised).toBeInstanceOf(TypeError);
    expect(main.value!.slowStillRunning).toBe(true);
    expect(main.value!.slowValue).toBe(20);
  });

  it('wait with count returns as soon as that many are ready; killall ends the rest', async () => {
    const main = await runMain(function* () {
      const gs = [spawn(value, 60_000), spawn(value, 1), spawn(value, 60_000)];
      const first = yield* wait(gs, { count: 1 });
      yield* killall(gs);
      return { first, gs };
    });
    const { first, gs } = main.value!;
    expect(first).toEqual([gs[1]]);
    expect(gs.every((g) => g.dead)).toBe(true);
    expect(gs[0]!.value).toBeInstanceOf(GreenletExit);
  });
});

describe('links', () => {
  it('are notified on a later hub turn, never inline', async () => {
    const order: string[] = [];
    let lateLinkCalledInline = true;
    await runMain(function* () {
      const a = spawn(function* () {
        order.push('a ends');
      });
      const b = spawn(function* () {
        order.push('b runs');
      });
      a.rawlink(() => order.push('a rawlink'));
      a.link(function* () {
        yield* sleep(0); // a spawned link is a greenlet: it may block
        order.push('a link');
      });
      yield* joinall([a, b]);
      yield* sleep(0.001);
      let called = false;
      a.rawlink(() => (called = true)); // a is long dead: still not called inline
      lateLinkCalledInline = called;
      yield* sleep(0);
      order.push(called ? 'late rawlink ran' : 'late rawlink missing');
    });
    expect(order).toEqual(['a ends', 'b runs', 'a rawlink', 'a link', 'late rawlink ran']);
    expect(lateLinkCalledInline).toBe(false);
  });

  it('linkException fires only for failures, linkValue only for successes', async () => {
    const { hub } = capturingHub();
    const seen: string[] = [];
    await runMain(function* () {
      const ok = spawn(function* () {
        return 1;
      });
      const bad = spawn(function* (): Green<void> {
        throw new Error('x');
      });
      for (const g of [ok, bad] as Array<Greenlet<unknown>>) {
        g.linkValue(() => seen.push(`value:${g === ok ? 'ok' : 'bad'}`));
        g.linkException(() => seen.push(`exception:${g === ok ? 'ok' : 'bad'}`));
      }
      yield* joinall([ok, bad] as Array<Greenlet<unknown>>);
      yield* sleep(0.001);
    }, hub);
    expect(seen.sort()).toEqual(['exception:bad', 'value:ok']);
  });
});

describe('errors', () => {
  it('a failed greenlet is printed by the hub when it fails, while its siblings finish their requests', async () => {
    const output: string[] = [];
    const events: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(((text: string) => {
      output.push(String(text));
      events.push('printed');
      return true;
    }) as typeof process.stderr.write);
    const client = new HttpClientPool();
    const main = await runMain(function* () {
      function* fetch(path: string): Green<number> {
        const res = yield* client.get(`${target.url}${path}`);
        events.push(`fetched ${path}`);
        return res.body.length;
      }
      function* explode(): Green<void> {
        yield* sleep(0);
        throw new TypeError('greenlet bug');
      }
      const gs = [spawn(fetch, '/delay/30'), spawn(explode), spawn(fetch, '/bytes/100')];
      const killed = spawn(function* () {
        yield* sleep(60);
      });
      yield* sleep(0);
      yield* killed.kill(); // GreenletExit is not an error: not printed
      yield* joinall<unknown>(gs);
      client.close();
      return gs;
    });
    write.mockRestore();
    const gs = main.value!;
    expect(gs.map((g) => g.successful())).toEqual([true, false, true]);
    expect(gs[0]!.value).toBe(2);
    expect(gs[2]!.value).toBe(100);
    const text = output.join('');
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ <Greenlet at 0x[0-9a-f]+: explode> failed with TypeError$/m);
    expect(text).toContain('TypeError: greenlet bug'); // the traceback
    expect(text).not.toContain('GreenletExit');
    expect(output).toHaveLength(1);
    // Printed at the moment it failed, before the slow sibling finished.
    expect(events.indexOf('printed')).toBeLessThan(events.indexOf('fetched /delay/30'));
  });

  it('raises LoopExit in the main greenlet when it waits on something nothing can wake', async () => {
    const main = await runMain(function* () {
      const never = new Event();
      const stuck = spawn(function* () {
        yield* never.wait(); // nobody will set it
      });
      let raised: unknown;
      try {
        yield* stuck.join();
      } catch (err) {
        raised = err;
      }
      void stuck.kill();
      return raised;
    });
    expect(main.value).toBeInstanceOf(LoopExit);
    expect((main.value as Error).message).toBe('This operation would block forever');
  });

  it('an uncaught LoopExit ends main with it; an I/O wait is not mistaken for a deadlock', async () => {
    const { hub, output } = capturingHub();
    const deadlocked = await runMain(function* () {
      const sem = new Semaphore(0);
      yield* sem.acquire();
    }, hub);
    expect(deadlocked.exception).toBeInstanceOf(LoopExit);
    expect(output.join('')).toContain('failed with LoopExit');

    const client = new HttpClientPool();
    const waiting = await runMain(function* () {
      // No timers anywhere: only the socket watcher keeps main alive while the server delays.
      const res = yield* client.get(`${target.url}/delay/40`);
      client.close();
      return res.status;
    });
    expect(waiting.value).toBe(200);
  });
});

describe('timers on a manual clock', () => {
  it('sleepers wake in deadline order, exactly when their time comes', async () => {
    const clock = new ManualClock();
    const hub = new Hub({ clock });
    const woke: number[] = [];
    const done = runMain(function* () {
      const gs = [30, 10, 20, 10].map((ms) =>
        spawn(function* () {
          yield* sleep(ms / 1000);
          woke.push(ms);
        }),
      );
      yield* joinall(gs);
    }, hub);
    await turn();
    expect(hub.stats()).toMatchObject({ timers: 4, living: 5 });
    clock.advance(0.009);
    expect(woke).toEqual([]);
    clock.advance(0.001);
    expect(woke).toEqual([10, 10]);
    clock.advance(0.01);
    expect(woke).toEqual([10, 10, 20]);
    clock.advance(0.01);
    expect(woke).toEqual([10, 10, 20, 30]);
    await done;
    expect(hub.stats()).toEqual({ living: 0, runnable: 0, timers: 0 });
  });

  it('a Timeout fires in the blocked greenlet at its deadline, and a cancelled one never does', async () => {
    const clock = new ManualClock();
    const hub = new Hub({ clock });
    const done = runMain(function* () {
      const ev = new Event();
      const cancelled = Timeout.startNew(0.01);
      cancelled.cancel();
      const t = Timeout.startNew(0.05);
      try {
        yield* ev.wait();
        return 'not reached';
      } catch (err) {
        return err === t ? 'timed out' : `other: ${String(err)}`;
      }
    }, hub);
    await turn();
    clock.advance(0.049);
    await turn();
    expect(hub.stats().living).toBe(1);
    clock.advance(0.001);
    expect((await done).value).toBe('timed out');
  });
});

describe('sync', () => {
  it('Queue hands items from producers to consumers in order, blocking both ways when bounded', async () => {
    const main = await runMain(function* () {
      const q = new Queue<number>(2);
      const got: number[] = [];
      const consumer = spawn(function* () {
        for (let i = 0; i < 5; i++) got.push(yield* q.get());
      });
      for (let i = 0; i < 5; i++) yield* q.put(i);
      yield* consumer.join();
      let empty: unknown;
      try {
        yield* q.get({ timeout: 0.002 });
      } catch (err) {
        empty = err;
      }
      return { got, empty };
    });
    expect(main.value!.got).toEqual([0, 1, 2, 3, 4]);
    expect((main.value!.empty as Error).name).toBe('Empty');
  });

  it('Event.wait returns false on timeout and true once set', async () => {
    const main = await runMain(function* () {
      const ev = new Event();
      const early = yield* ev.wait(0.002);
      spawn(function* () {
        yield* sleep(0.001);
        ev.set();
      });
      const late = yield* ev.wait();
      return [early, late];
    });
    expect(main.value).toEqual([false, true]);
  });
});
