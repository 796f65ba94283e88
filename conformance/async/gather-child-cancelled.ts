// A child cancelled on its own (not through gather) counts as a failure with CancelledError: without
// returnExceptions gather raises it at once, is not itself cancelled, and the other children run on.
import { emit } from '../lib/transcript.ts';
import { CancelledError, createTask, gather, run, sleep } from '../../impls/async/index.ts';

async function child(name: string, delay: number): Promise<string> {
  try {
    await sleep(delay);
    emit('finish', name);
    return name;
  } catch (err) {
    if (err instanceof CancelledError) emit('child cancelled', name);
    throw err;
  }
}

await run(async () => {
  const a = createTask(child, 'a', 0.1);
  const b = createTask(child, 'b', 1);
  const gathered = gather(a, b);
  await sleep(0.01);
  b.cancel();
  try {
    await gathered;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('gather raised CancelledError', 'cancelled', gathered.cancelled(), 'a done', a.done());
  }
  emit('a', await a);
  const results = await gather(createTask(child, 'c', 0.01), b, { returnExceptions: true });
  emit('with return_exceptions', results);
});
