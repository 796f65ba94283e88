// TaskGroup: the first child failure cancels the other children and the body; the group waits for all of them and
// raises an ExceptionGroup holding every failure (a child's cleanup failing too); the task running the group is not
// left cancelled.
import { emit } from '../lib/transcript.ts';
import { CancelledError, ExceptionGroup, currentTask, run, sleep, taskGroup } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}
class KeyError extends Error {
  override name = 'KeyError';
}

async function failing(): Promise<void> {
  await sleep(0.01);
  emit('child raises');
  throw new ValueError('child failed');
}

async function sibling(): Promise<void> {
  try {
    await sleep(1);
  } finally {
    emit('sibling finally');
  }
}

async function messy(): Promise<void> {
  try {
    await sleep(1);
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('messy cleanup raises');
    throw new KeyError('cleanup failed');
  }
}

await run(async () => {
  const me = currentTask()!;
  try {
    await taskGroup(async (tg) => {
      tg.createTask(failing);
      tg.createTask(sibling);
      tg.createTask(messy);
      try {
        await sleep(1);
      } catch (err) {
        if (err instanceof CancelledError) emit('body cancelled');
        throw err;
      }
    });
  } catch (err) {
    if (!(err instanceof ExceptionGroup)) throw err;
    emit('group raised', err, err.exceptions.map((e) => (e as Error).name).sort());
    emit('is an Exception', err instanceof Error);
  }
  emit('cancelling', me.cancelling());
  emit('task usable', await sleep(0.001, 'yes'));
});
