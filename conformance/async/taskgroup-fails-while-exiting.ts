// TaskGroup: the last child failing while the group is already waiting at its end (the body has returned) cancels
// the task running the group; that cancellation is thrown into the group's own wait and taken there, so it does not
// reach the code after the group. (In 3.12 the request is not withdrawn: cancelling() stays 1; 3.13 withdraws it.)
import { emit } from '../lib/transcript.ts';
import { ExceptionGroup, currentTask, run, sleep, taskGroup } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}

async function failsLater(): Promise<never> {
  await sleep(0.3);
  emit('child raises');
  throw new ValueError('child failed');
}

async function sibling(): Promise<void> {
  await sleep(0.05);
  emit('sibling returns');
}

emit(
  'run returned',
  await run(async () => {
    try {
      await taskGroup(async (tg) => {
        tg.createTask(failsLater);
        tg.createTask(sibling);
        emit('body returns');
      });
    } catch (err) {
      if (!(err instanceof ExceptionGroup)) throw err;
      emit('group raised', err, err.exceptions);
    }
    emit('cancelling', currentTask()!.cancelling());
    await sleep(0.01);
    emit('main went on');
    return 'main result';
  }),
);
