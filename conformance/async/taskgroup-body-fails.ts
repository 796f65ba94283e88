// TaskGroup: a failure in the body cancels the children and is raised in the group with theirs; a body that returns
// normally waits for every child.
import { emit } from '../lib/transcript.ts';
import { CancelledError, ExceptionGroup, RuntimeError, run, sleep, taskGroup, type TaskGroup } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}

async function child(name: string, delay: number): Promise<void> {
  try {
    await sleep(delay);
    emit('child finished', name);
  } catch (err) {
    if (err instanceof CancelledError) emit('child cancelled', name);
    throw err;
  }
}

await run(async () => {
  await taskGroup(async (tg) => {
    tg.createTask(child, 'a', 0.03);
    tg.createTask(child, 'b', 0.01);
    emit('body returns');
  });
  emit('group done');
  let group!: TaskGroup;
  try {
    await taskGroup(async (tg) => {
      group = tg;
      tg.createTask(child, 'c', 1);
      await sleep(0.01);
      throw new ValueError('body failed');
    });
  } catch (err) {
    if (!(err instanceof ExceptionGroup)) throw err;
    emit('group raised', err, err.exceptions.map((e) => (e as Error).name));
  }
  try {
    group.createTask(child, 'late', 0);
  } catch (err) {
    if (!(err instanceof RuntimeError)) throw err;
    emit('create_task on a finished group: RuntimeError');
  }
});
