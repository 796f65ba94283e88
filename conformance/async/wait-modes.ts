// wait(): FIRST_COMPLETED, FIRST_EXCEPTION and ALL_COMPLETED split the futures into done and pending without
// throwing or cancelling anything; a timeout returns what is done so far. A promise is refused, as asyncio 3.12
// refuses a coroutine.
import { emit } from '../lib/transcript.ts';
import { createTask, run, sleep, wait, type ReturnWhen, type Task } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}

async function failAfter(delay: number): Promise<never> {
  await sleep(delay);
  throw new ValueError('failed');
}

await run(async () => {
  const start = (): Record<string, Task<unknown>> => ({
    fast: createTask(() => sleep(0.01, 'fast')),
    failing: createTask(failAfter, 0.05),
    slow: createTask(() => sleep(0.3, 'slow')),
  });
  const names = (tasks: Record<string, Task<unknown>>, subset: Set<Task<unknown>>): string[] =>
    Object.entries(tasks)
      .filter(([, t]) => subset.has(t))
      .map(([name]) => name)
      .sort();
  for (const mode of ['FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED'] as ReturnWhen[]) {
    const tasks = start();
    const { done, pending } = await wait(Object.values(tasks), { returnWhen: mode });
    emit(mode, 'done', names(tasks, done), 'pending', names(tasks, pending));
    for (const t of pending) t.cancel();
    await wait(Object.values(tasks));
    if (!tasks.failing!.cancelled()) tasks.failing!.exception();
  }
  const slow = createTask(() => sleep(1));
  const { done, pending } = await wait([slow], { timeout: 0.01 });
  emit('timeout', 'done', done.size, 'pending', pending.size, 'cancelled', slow.cancelled());
  slow.cancel();
  try {
    await wait([sleep(0)] as never);
  } catch (err) {
    emit('a coroutine', err);
  }
});
