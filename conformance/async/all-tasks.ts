// allTasks(): the tasks of the running run() that are not done, the current one included.
import { emit } from '../lib/transcript.ts';
import { allTasks, createNamedTask, currentTask, gather, run, sleep } from '../../impls/async/index.ts';

await run(async () => {
  const me = currentTask()!;
  const sleeper = createNamedTask('sleeper', () => sleep(1));
  const quick = createNamedTask('quick', () => sleep(0));
  await sleep(0.01);
  const tasks = allTasks();
  emit('count', tasks.size, 'includes current', tasks.has(me), 'others', [...tasks].filter((t) => t !== me).map((t) => t.name).sort());
  sleeper.cancel();
  await gather(sleeper, { returnExceptions: true });
  emit('after cancel', [...allTasks()].filter((t) => t !== me).map((t) => t.name).sort(), quick.done());
});
