// gather(returnExceptions) hands back every outcome in argument order, failures as values, and lets every child
// finish; the children run in the order they were created.
import { emit } from '../lib/transcript.ts';
import { createTask, gather, run, sleep } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}

async function child(name: string, delay: number, fail: boolean): Promise<string> {
  emit('start', name);
  await sleep(delay);
  if (fail) {
    emit('raise', name);
    throw new ValueError(name);
  }
  emit('finish', name);
  return name;
}

await run(async () => {
  const results = await gather(createTask(child, 'a', 0.5, false), createTask(child, 'b', 0.1, true), createTask(child, 'c', 0.3, false), { returnExceptions: true });
  emit('gathered', results);
});
