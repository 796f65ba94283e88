import { describe, expect, it } from 'vitest';
import { TimerHeap, Timeout } from './heap.ts';
import { IOLoop, type TurnScheduler } from './ioloop.ts';
import { captureLogging } from './testing/log-capture.ts';

/** What the loop logged in each test. */
const log = captureLogging();

/**
 * A fake clock plus a scheduler that records what the loop asked Node for and runs turns only when told. The loop's
 * times are seconds; `advance` and `requested` speak milliseconds, the unit of the wait asked of Node.
 */
function manualLoop(options: { timerCompactMin?: number } = {}) {
  let now = 0;
  let pending: { kind: 'soon' | 'after'; ms: number; turn: () => void } | null = null;
  let holds = 0;
  const scheduler: TurnScheduler = {
    soon(turn) {
      return (pending = { kind: 'soon', ms: 0, turn });
    },
    after(ms, turn) {
      return (pending = { kind: 'after', ms, turn });
    },
    cancelSoon(handle) {
      if (pending === handle) pending = null;
    },
    cancelAfter(handle) {
      if (pending === handle) pending = null;
    },
    hold() {
      holds++;
      return holds;
    },
    release() {
      holds--;
    },
  };
  const loop = new IOLoop({ clock: () => now / 1000, scheduler, ...options });
  return {
    loop,
    advance(ms: number) {
      now += ms;
    },
    /** What the loop last asked for: 'soon', a delay in ms, or null when idle. */
    requested(): 'soon' | number | null {
      const p = pending as { kind: 'soon' | 'after'; ms: number } | null;
      return p === null ? null : p.kind === 'soon' ? 'soon' : Math.round(p.ms * 1e6) / 1e6;
    },
    /** Whether the loop holds the process (it does while running). */
    holding(): boolean {
      return holds > 0;
    },
    /** Runs the turn the loop asked for. */
    turn() {
      const p = pending as { turn: () => void } | null;
      if (p === null) throw new Error('no turn scheduled');
      pending = null;
      p.turn();
    },
  };
}

describe('IOLoop turns (fake clock)', () => {
  it('runs addCallback callbacks first-in first-out, with their arguments', () => {
    const m = manualLoop();
    const seen: string[] = [];
    for (const name of ['a', 'b', 'c']) m.loop.addCallback((x: string) => seen.push(x), name);
    m.loop.start();
    m.turn();
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('defers callbacks added during a turn to the next turn', () => {
    const m = manualLoop();
    const seen: string[] = [];
    m.loop.addCallback(() => {
      seen.push('first');
      m.loop.addCallback(() => seen.push('added during turn 1'));
    });
    m.loop.addCallback(() => seen.push('second'));
    m.loop.start();
    m.turn();
    expect(seen).toEqual(['first', 'second']);
    expect(m.requested()).toBe('soon');
    m.turn();
    expect(seen).toEqual(['first', 'second', 'added during turn 1']);
    expect(m.requested()).toBeNull(); // idle: nothing to wake for
  });

  it('fires timers by deadline, equal deadlines in scheduling order, and asks Node to wait for the nearest one', () => {
    const m = manualLoop();
    const seen: string[] = [];
    m.loop.callLater(0.03, () => seen.push('30'));
    m.loop.callLater(0.01, () => seen.push('10a'));
    m.loop.callAt(0.01, () => seen.push('10b'));
    m.loop.callLater(0.02, () => seen.push('20'));
    m.loop.start();
    m.turn();
    expect(seen).toEqual([]);
    expect(m.requested()).toBe(10);
    m.advance(25);
    m.turn();
    expect(seen).toEqual(['10a', '10b', '20']);
    expect(m.requested()).toBe(5);
    m.advance(5);
    m.turn();
    expect(seen).toEqual(['10a', '10b', '20', '30']);
    expect(m.loop.stats().timers).toBe(0);
  });

  it('removeTimeout cancels a pending timer, and also one already collected as due in the same turn', () => {
    const m = manualLoop();
    const seen: string[] = [];
    const never = m.loop.callLater(0.005, () => seen.push('cancelled early'));
    m.loop.removeTimeout(never);
    let second: Timeout | undefined;
    m.loop.callLater(0.01, () => {
      seen.push('first');
      m.loop.removeTimeout(second!); // due in this very turn: must still not run
    });
    second = m.loop.callLater(0.01, () => seen.push('second'));
    m.loop.start();
    m.turn();
    expect(m.requested()).toBe(10); // the cancelled 5 ms timer is not waited for
    m.advance(10);
    m.turn();
    expect(seen).toEqual(['first']);
  });

  it('collects due timers before running any, so a timer due "now" set by a timer waits a turn', () => {
    const m = manualLoop();
    const seen: string[] = [];
    m.loop.callLater(0.001, () => {
      seen.push('outer');
      m.loop.callLater(0, () => seen.push('inner'));
    });
    m.loop.start();
    m.advance(1);
    m.turn();
    expect(seen).toEqual(['outer']);
    m.turn();
    expect(seen).toEqual(['outer', 'inner']);
  });

  it('runs ready callbacks before due timers within a turn', () => {
    const m = manualLoop();
    const seen: string[] = [];
    m.loop.callLater(0, () => seen.push('timer'));
    m.loop.addCallback(() => seen.push('callback'));
    m.loop.start();
    m.turn();
    expect(seen).toEqual(['callback', 'timer']);
  });

  it('logs an exception in a callback as Tornado does and carries on with the rest', () => {
    const m = manualLoop();
    const seen: string[] = [];
    m.loop.addCallback(function explode() {
      throw new Error('boom');
    });
    m.loop.addCallback(() => seen.push('still ran'));
    m.loop.callLater(0, () => seen.push('timer too'));
    m.loop.start();
    m.turn();
    expect(seen).toEqual(['still ran', 'timer too']);
    expect(log.records).toHaveLength(1);
    expect(log.records[0]).toMatchObject({ level: 'ERROR', name: 'tornado.application', message: 'Exception in callback <function explode>' });
    expect(String(log.records[0]!.error)).toBe('Error: boom');
  });

  it('stop() in a callback finishes the turn, then reports the stop; queued work waits for the next start()', () => {
    const m = manualLoop();
    const seen: string[] = [];
    let stops = 0;
    m.loop.addStopListener(() => stops++);
    m.loop.addCallback(() => {
      m.loop.stop();
      m.loop.addCallback(() => seen.push('next run'));
      seen.push('stopper');
    });
    m.loop.addCallback(() => seen.push('same turn'));
    m.loop.start();
    m.turn();
    expect(seen).toEqual(['stopper', 'same turn']);
    expect(stops).toBe(1);
    expect(m.loop.isRunning()).toBe(false);
    expect(m.requested()).toBeNull();
    m.loop.start();
    m.turn();
    expect(seen).toEqual(['stopper', 'same turn', 'next run']);
  });

  it('stop() before start() makes start() run one turn and stop, as asyncio\'s run_forever() after stop()', () => {
    const m = manualLoop();
    const seen: string[] = [];
    let stops = 0;
    m.loop.addStopListener(() => stops++);
    m.loop.addCallback(() => {
      seen.push('queued');
      m.loop.addCallback(() => seen.push('next turn'));
    });
    m.loop.stop();
    m.loop.start();
    expect(stops).toBe(0);
    m.turn();
    expect(seen).toEqual(['queued']);
    expect(stops).toBe(1);
    expect(m.loop.isRunning()).toBe(false);
    expect(m.requested()).toBeNull();
    expect(() => {
      m.loop.start();
      m.loop.start();
    }).toThrow('IOLoop is already running');
  });

  it('holds the process from start() until it stops, idle or not, as Tornado\'s blocking start() does', () => {
    const m = manualLoop();
    expect(m.holding()).toBe(false);
    m.loop.start();
    expect(m.holding()).toBe(true);
    m.turn();
    expect(m.requested()).toBeNull(); // idle: no turn asked of Node, yet the process is held
    expect(m.holding()).toBe(true);
    m.loop.stop();
    m.turn();
    expect(m.loop.isRunning()).toBe(false);
    expect(m.holding()).toBe(false);
    m.loop.stop(); // stop() before start(): one turn, then released again
    m.loop.start();
    m.turn();
    expect(m.holding()).toBe(false);
  });

  it('reports runnable callbacks, live timers and open handlers in stats()', () => {
    const m = manualLoop();
    m.loop.addCallback(() => {});
    m.loop.addCallback(() => {});
    const t = m.loop.callLater(0.1, () => {});
    m.loop.callLater(0.2, () => {});
    m.loop.addHandler({});
    expect(m.loop.stats()).toEqual({ living: 5, runnable: 2, timers: 2 });
    m.loop.removeTimeout(t);
    expect(m.loop.stats()).toEqual({ living: 4, runnable: 2, timers: 1 });
  });
});

describe('TimerHeap', () => {
  it('pops in (deadline, sequence) order', () => {
    const heap = new TimerHeap();
    const deadlines = [5, 3, 9, 3, 1, 7, 3];
    deadlines.forEach((d, i) => heap.push(new Timeout(d, i, () => {}, [])));
    const order: string[] = [];
    for (let t = heap.pop(); t; t = heap.pop()) order.push(`${t.deadline}/${t.seq}`);
    expect(order).toEqual(['1/4', '3/1', '3/3', '3/6', '5/0', '7/5', '9/2']);
  });

  it('rebuilds itself once more than half of its entries are cancelled', () => {
    const heap = new TimerHeap(4);
    const timers = Array.from({ length: 10 }, (_, i) => new Timeout(i, i, () => {}, []));
    for (const t of timers) heap.push(t);
    for (const t of timers.slice(0, 5)) heap.cancel(t);
    expect(heap.size).toBe(10); // exactly half dead: left alone
    heap.cancel(timers[9]!);
    expect(heap.size).toBe(4); // over half: compacted
    expect(heap.live).toBe(4);
    expect(heap.pop()!.deadline).toBe(5);
  });
});

describe('IOLoop on Node\'s event loop', () => {
  it('fires real timers in deadline order and stops when asked', async () => {
    expect.assertions(2);
    const loop = new IOLoop();
    const seen: number[] = [];
    loop.callLater(0.03, () => {
      seen.push(30);
      loop.stop();
    });
    loop.callLater(0.005, () => seen.push(5));
    loop.callLater(0.015, () => seen.push(15));
    const t = loop.callLater(0.01, () => seen.push(10));
    loop.removeTimeout(t);
    const started = performance.now();
    await new Promise<void>((resolve) => {
      loop.addStopListener(resolve);
      loop.start();
    });
    expect(seen).toEqual([5, 15, 30]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });

  it('keeps going after an exception in a callback', async () => {
    expect.assertions(1);
    const loop = new IOLoop();
    loop.addCallback(() => {
      throw new TypeError('callback failed');
    });
    loop.callLater(0.005, () => loop.stop());
    await new Promise<void>((resolve) => {
      loop.addStopListener(resolve);
      loop.start();
    });
    expect(log.records.map((r) => String(r.error))).toEqual(['TypeError: callback failed']);
  });

  it('is woken by a callback added from outside a turn', async () => {
    expect.assertions(1);
    const loop = new IOLoop();
    loop.start();
    await new Promise<void>((resolve) => {
      loop.addStopListener(resolve);
      setTimeout(() => loop.addCallback(() => {
        expect(loop.isRunning()).toBe(true);
        loop.stop();
      }), 5);
    });
  });
});
