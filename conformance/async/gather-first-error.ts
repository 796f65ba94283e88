// Without returnExceptions, gather() hands the first failure to its caller at once. The other children are not
// cancelled: they run on and finish, and a later failure of theirs is retrieved by gather, not reported as lost.
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
  const a = createTask(child, 'a', 0.2, false);
  const b = createTask(child, 'b', 0.01, true);
  const c = createTask(child, 'c', 0.1, true);
  const gathered = gather(a, b, c);
  try {
    await gathered;
  } catch (err) {
    if (!(err instanceof ValueError)) throw err;
    emit('gather raised', err, err.message);
  }
  emit('siblings done', a.done(), c.done());
  emit('gather done', gathered.done(), 'cancelled', gathered.cancelled());
  await sleep(0.4);
  emit('a', a.result());
  emit('main returns');
});
