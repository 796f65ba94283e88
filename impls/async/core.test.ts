import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CancelledError,
  ExceptionGroup,
  RuntimeError,
  Runner,
  allTasks,
  Future,
  TimeoutError,
  createTask,
  currentTask,
  gather,
  run,
  setExceptionHandler,
  sleep,
  stats,
  taskGroup,
  timeout,
  wait,
  waitFor,
  type ExceptionContext,
} from './index.ts';

afterEach(() => setExceptionHandler(undefined));

/** A promise that settles only when `release()` is called: a "foreign" await the layer cannot interrupt. */
function foreignPromise(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

describe('tasks and cancellation', () => {
  it('cancel() makes a pending sleep throw CancelledError, runs finally blocks, and ends the task cancelled', async () => {
    await run(async () => {
      let cleaned = false;
      const task = createTask(async () => {
        try {
          await sleep(10);
        } finally {
          cleaned = true;
        }
      });
      await sleep(0.005);
      expect(task.cancel()).toBe(true);
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      expect(cleaned).toBe(true);
      expect(task.cancel()).toBe(false);
    });
  });

  it('a task cancelled before it starts never runs its body', async () => {
    await run(async () => {
      let ran = false;
      const task = createTask(async () => {
        ran = true;
      });
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(ran).toBe(false);
    });
  });

  it('a cancellation requested during a foreign await is delivered at the next library await', async () => {
    await run(async () => {
      const foreign = foreignPromise();
      const reached: string[] = [];
      const task = createTask(async () => {
        await foreign.promise;
        reached.push('after foreign');
        await sleep(10);
        reached.push('after sleep');
      });
      await sleep(0.001);
      task.cancel();
      foreign.release();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(reached).toEqual(['after foreign']);
    });
  });

  it('cancelling a task that awaits another task cancels the awaited one too', async () => {
    await run(async () => {
      const inner = createTask(() => sleep(10));
      const outer = createTask(async () => await inner);
      await sleep(0.001);
      outer.cancel();
      await expect(outer).rejects.toBeInstanceOf(CancelledError);
      expect(inner.cancelled()).toBe(true);
    });
  });

  it('result() and exception() report the outcome of a finished task', async () => {
    await run(async () => {
      const ok = createTask(async (a: number, b: number) => a + b, 2, 3);
      const bad = createTask(async () => {
        throw new Error('bad');
      });
      await wait([ok, bad]);
      expect(ok.result()).toBe(5);
      expect(ok.exception()).toBeUndefined();
      expect((bad.exception() as Error).message).toBe('bad');
      expect(() => bad.result()).toThrow('bad');
    });
  });

  it('stats() counts living tasks, the runnable ones, and armed timers', async () => {
    await run(async () => {
      const before = stats();
      const sleepers = [createTask(() => sleep(10)), createTask(() => sleep(10))];
      await sleep(0.001);
      const during = stats();
      expect(during.living - before.living).toBe(2);
      expect(during.timers - before.timers).toBeGreaterThanOrEqual(2);
      expect(during.runnable).toBeLessThanOrEqual(during.living - 2);
      sleepers.forEach((t) => t.cancel());
      await wait(sleepers);
      expect(stats().living).toBe(before.living);
    });
  });
});

describe('run()', () => {
  it('reports a task exception nobody retrieved at teardown, through the exception handler, without crashing', async () => {
    const reports: ExceptionContext[] = [];
    setExceptionHandler((ctx) => reports.push(ctx));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const result = await run(async () => {
        createTask(async () => {
          throw new Error('lost failure');
        });
        await sleep(0.005);
        return 'main finished';
      });
      expect(result).toBe('main finished');
      await sleep(0.005);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toBe('Task exception was never retrieved');
    expect((reports[0]!.exception as Error).message).toBe('lost failure');
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('writes unretrieved exceptions to stderr by default', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let text = '';
    try {
      await run(async () => {
        createTask(async () => {
          throw new Error('nobody looked');
        });
        await sleep(0.001);
      });
      text = write.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      write.mockRestore();
    }
    expect(text).toContain('Task exception was never retrieved');
    expect(text).toContain('nobody looked');
  });

  it('does not report exceptions that were retrieved', async () => {
    const reports: ExceptionContext[] = [];
    setExceptionHandler((ctx) => reports.push(ctx));
    await run(async () => {
      const t = createTask(async () => {
        throw new Error('seen');
      });
      await expect(t).rejects.toThrow('seen');
    });
    await expect(
      run(async () => {
        throw new Error('main failed');
      }),
    ).rejects.toThrow('main failed');
    expect(reports).toEqual([]);
  });

  it('cancels tasks main left running, letting their finally blocks run', async () => {
    let cleaned = false;
    let leftover: ReturnType<typeof createTask<void, []>> | undefined;
    await run(async () => {
      leftover = createTask(async () => {
        try {
          await sleep(10);
        } finally {
          cleaned = true;
        }
      });
      await sleep(0.001);
    });
    expect(leftover!.cancelled()).toBe(true);
    expect(cleaned).toBe(true);
  });

  it('allTasks() lists the living tasks of the current run, and refuses outside a run', async () => {
    expect(() => allTasks()).toThrow(RuntimeError);
    await run(async () => {
      const sleeper = createTask(() => sleep(10));
      await sleep(0.001);
      expect(allTasks()).toEqual(new Set([currentTask(), sleeper]));
      sleeper.cancel();
    });
  });

  it('refuses to run inside a running task, with RuntimeError as asyncio.run inside a running loop', async () => {
    await run(async () => {
      await expect(run(async () => 1)).rejects.toThrow(RuntimeError);
      await expect(run(async () => 1)).rejects.toThrow(/inside a running task/);
    });
  });
});

describe('Runner', () => {
  it('refuses a second run() while one is running, run() after close(), and close() while running, each a RuntimeError', async () => {
    const runner = new Runner();
    let release!: () => void;
    const first = runner.run(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(runner.run(async () => 1)).rejects.toThrow(/already running/);
    await expect(runner.close()).rejects.toBeInstanceOf(RuntimeError);
    await sleep(0.001);
    release();
    await first;
    await runner.close();
    await runner.close(); // idempotent
    await expect(runner.run(async () => 1)).rejects.toThrow(/closed/);
  });
});

describe('gather()', () => {
  it('rejects with the first error while the other children keep running', async () => {
    await run(async () => {
      const slow = createTask(async () => {
        await sleep(0.02);
        return 'slow done';
      });
      const gathered = gather(async () => {
        throw new Error('first');
      }, slow);
      await expect(gathered).rejects.toThrow('first');
      expect(slow.done()).toBe(false);
      expect(await slow).toBe('slow done');
    });
  });

  it('with returnExceptions returns failures in place of results, in argument order', async () => {
    await run(async () => {
      const boom = new Error('boom');
      const cancelledChild = createTask(() => sleep(10));
      cancelledChild.cancel();
      const results = await gather(
        async () => {
          await sleep(0.01);
          return 1;
        },
        async () => {
          throw boom;
        },
        Promise.resolve('plain promise'),
        cancelledChild,
        { returnExceptions: true },
      );
      expect(results[0]).toBe(1);
      expect(results[1]).toBe(boom);
      expect(results[2]).toBe('plain promise');
      expect(results[3]).toBeInstanceOf(CancelledError);
    });
  });

  it('resolves with results in argument order, not completion order', async () => {
    await run(async () => {
      const results = await gather(
        () => sleep(0.015, 'a'),
        () => sleep(0.001, 'b'),
        () => sleep(0.008, 'c'),
      );
      expect(results).toEqual(['a', 'b', 'c']);
    });
  });

  it('cancelling the gathered future cancels every child', async () => {
    await run(async () => {
      const children = [createTask(() => sleep(10)), createTask(() => sleep(10))];
      const gathered = gather(...children);
      await sleep(0.001);
      expect(gathered.cancel()).toBe(true);
      await expect(gathered).rejects.toBeInstanceOf(CancelledError);
      expect(children.every((c) => c.cancelled())).toBe(true);
    });
  });
});

describe('wait()', () => {
  const scenario = () => ({
    fast: createTask(() => sleep(0.005, 'fast')),
    failing: createTask(async () => {
      await sleep(0.015);
      throw new Error('failed');
    }),
    slow: createTask(() => sleep(0.15, 'slow')),
  });

  it('FIRST_COMPLETED returns as soon as one is done', async () => {
    await run(async () => {
      const { fast, failing, slow } = scenario();
      const { done, pending } = await wait([fast, failing, slow], { returnWhen: 'FIRST_COMPLETED' });
      expect([...done]).toEqual([fast]);
      expect(pending).toEqual(new Set([failing, slow]));
      slow.cancel();
      await wait([failing, slow]);
      failing.exception();
    });
  });

  it('FIRST_EXCEPTION returns when one fails, with the slower ones still pending', async () => {
    await run(async () => {
      const { fast, failing, slow } = scenario();
      const { done, pending } = await wait([fast, failing, slow], { returnWhen: 'FIRST_EXCEPTION' });
      expect(done).toEqual(new Set([fast, failing]));
      expect(pending).toEqual(new Set([slow]));
      expect((failing.exception() as Error).message).toBe('failed');
      slow.cancel();
    });
  });

  it('ALL_COMPLETED waits for every one', async () => {
    await run(async () => {
      const { fast, failing, slow } = scenario();
      const { done, pending } = await wait([fast, failing, slow]);
      expect(done.size).toBe(3);
      expect(pending.size).toBe(0);
      failing.exception();
    });
  });

  it('a timeout returns what is done so far and cancels nothing', async () => {
    await run(async () => {
      const slow = createTask(() => sleep(10));
      const { done, pending } = await wait([slow], { timeout: 0.01 });
      expect(done.size).toBe(0);
      expect([...pending]).toEqual([slow]);
      expect(slow.cancelled()).toBe(false);
      slow.cancel();
    });
  });
});

describe('waitFor() and timeout()', () => {
  it('waitFor cancels the child on timeout, waits for its cleanup to finish, then throws TimeoutError', async () => {
    await run(async () => {
      let cleanupFinished = false;
      const child = createTask(async () => {
        try {
          await sleep(10);
        } finally {
          await sleep(0.01); // cleanup that itself awaits
          cleanupFinished = true;
        }
      });
      await expect(waitFor(child, 0.01)).rejects.toBeInstanceOf(TimeoutError);
      expect(child.cancelled()).toBe(true);
      expect(cleanupFinished).toBe(true);
    });
  });

  it('waitFor returns the result when the awaitable finishes in time', async () => {
    await run(async () => {
      expect(await waitFor(() => sleep(0.001, 'in time'), 1)).toBe('in time');
    });
  });

  it('timeout() turns its own cancellation into TimeoutError and leaves the task usable', async () => {
    await run(async () => {
      let cleaned = false;
      await expect(
        timeout(0.01, async () => {
          try {
            await sleep(10);
          } finally {
            cleaned = true;
          }
        }),
      ).rejects.toBeInstanceOf(TimeoutError);
      expect(cleaned).toBe(true);
      expect(currentTask()!.cancelling()).toBe(0);
      expect(await sleep(0.001, 'still running')).toBe('still running');
    });
  });

  it('timeout() lets a cancellation from outside propagate as CancelledError', async () => {
    await run(async () => {
      const task = createTask(() => timeout(10, () => sleep(10)));
      await sleep(0.001);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
    });
  });
});

describe('TaskGroup', () => {
  it('waits for every child before it returns the body result', async () => {
    await run(async () => {
      const finished: number[] = [];
      const value = await taskGroup(async (tg) => {
        for (const delay of [0.015, 0.001, 0.008]) tg.createTask(async () => finished.push(await sleep(delay, delay)));
        return 'body';
      });
      expect(value).toBe('body');
      expect(finished.sort((a, b) => a - b)).toEqual([0.001, 0.008, 0.015]);
    });
  });

  it('a child failure cancels the siblings (their finally runs) and the body, and raises every failure in an ExceptionGroup, which is an AggregateError', async () => {
    await run(async () => {
      const trace: string[] = [];
      const failure = await taskGroup(async (tg) => {
        tg.createTask(async () => {
          await sleep(0.005);
          throw new Error('child failed');
        });
        tg.createTask(async () => {
          try {
            await sleep(10);
          } finally {
            trace.push('sibling finally');
          }
        });
        tg.createTask(async () => {
          try {
            await sleep(10);
          } catch {
            throw new Error('cleanup failed');
          }
        });
        await sleep(10);
        trace.push('body continued');
      }).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ExceptionGroup);
      expect(failure).toBeInstanceOf(AggregateError);
      expect((failure as ExceptionGroup).exceptions.map((e) => (e as Error).message).sort()).toEqual(['child failed', 'cleanup failed']);
      expect(trace).toEqual(['sibling finally']);
      // The group withdrew its own cancellation of the parent: the parent carries on normally.
      expect(currentTask()!.cancelling()).toBe(0);
      expect(await sleep(0.001, 'parent fine')).toBe('parent fine');
    });
  });

  it('an exception in the body cancels the children and is raised with the others', async () => {
    await run(async () => {
      let childCancelled = false;
      const failure = await taskGroup(async (tg) => {
        tg.createTask(async () => {
          try {
            await sleep(10);
          } catch (err) {
            childCancelled = err instanceof CancelledError;
            throw err;
          }
        });
        await sleep(0.001);
        throw new Error('body failed');
      }).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ExceptionGroup);
      expect((failure as ExceptionGroup).exceptions.map((e) => (e as Error).message)).toEqual(['body failed']);
      expect(childCancelled).toBe(true);
    });
  });

  it('cancelling the task running a TaskGroup cancels its children and propagates CancelledError', async () => {
    await run(async () => {
      const children: Array<ReturnType<typeof createTask>> = [];
      const holder = createTask(() =>
        taskGroup(async (tg) => {
          children.push(tg.createTask(() => sleep(10)));
          await sleep(10);
        }),
      );
      await sleep(0.002);
      holder.cancel();
      await expect(holder).rejects.toBeInstanceOf(CancelledError);
      expect(children[0]!.cancelled()).toBe(true);
    });
  });
});

describe('Future', () => {
  it('settles awaiters and runs done callbacks; setting it twice is an InvalidStateError', async () => {
    await run(async () => {
      const future = new Future<number>();
      const seen: number[] = [];
      future.addDoneCallback((f) => seen.push(f.result()));
      setTimeout(() => future.setResult(7), 1);
      expect(await future).toBe(7);
      expect(seen).toEqual([7]);
      expect(() => future.setResult(8)).toThrow(/invalid state/);
    });
  });
});

describe('a promise where the layer needs the function (asyncio code ported as run(main()), create_task(f()))', () => {
  const work = async (): Promise<number> => 1;

  it('run(main()) says to pass main itself, and why', async () => {
    await expect(run(work() as never)).rejects.toThrow(
      'run() takes the async function itself, got a promise: write run(fn, ...args), not run(fn(...args)); calling fn first starts it outside the task',
    );
  });

  it('createTask(fn()) and tg.createTask(fn()) say the same', async () => {
    await run(async () => {
      expect(() => createTask(work() as never)).toThrow('createTask() takes the async function itself, got a promise: write createTask(fn, ...args)');
      await taskGroup(async (tg) => {
        expect(() => tg.createTask(work() as never)).toThrow('tg.createTask() takes the async function itself, got a promise');
      });
    });
  });

  it('wait([promise]) says to start a task first', async () => {
    await run(async () => {
      await expect(wait([work()] as never)).rejects.toThrow(
        'wait() takes futures and tasks, got a promise: start the work as a task first (createTask(fn, ...args)) and pass the task',
      );
    });
  });

  it('waitFor(promise) is refused: it could not cancel the work on timeout', async () => {
    await run(async () => {
      await expect(waitFor(work() as never, 1)).rejects.toThrow(
        'waitFor() takes an async function, a task or a future, got a promise: a promise is work already running that waitFor could not cancel on timeout; write waitFor(() => work(), seconds) instead',
      );
      expect(await waitFor(work, 1)).toBe(1);
    });
  });

  it('gather() of something that cannot be awaited names what it got', async () => {
    await run(async () => {
      expect(() => gather(42 as never)).toThrow('gather() takes futures, tasks, promises or async functions, got number');
    });
  });
});
