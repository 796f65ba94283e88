// shield(): cancelling the task that awaits a shielded task raises CancelledError in that task only; the shielded
// task runs on and finishes. Cancelling the inner task itself cancels the shield too.
import { emit } from '../lib/transcript.ts';
import { CancelledError, createTask, run, shield, sleep, type Task } from '../../impls/async/index.ts';

async function inner(name: string, delay: number): Promise<string> {
  try {
    await sleep(delay);
    emit('inner finished', name);
    return name;
  } catch (err) {
    if (err instanceof CancelledError) emit('inner cancelled', name);
    throw err;
  }
}

async function outer(task: Task<string>): Promise<string> {
  try {
    return await shield(task);
  } catch (err) {
    if (err instanceof CancelledError) emit('outer got CancelledError');
    throw err;
  }
}

await run(async () => {
  const shielded = createTask(inner, 'a', 0.1);
  const waiting = createTask(outer, shielded);
  await sleep(0.01);
  waiting.cancel();
  try {
    await waiting;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('outer cancelled', waiting.cancelled());
  }
  emit('inner done yet', shielded.done());
  emit('inner result', await shielded);

  const other = createTask(inner, 'b', 1);
  const shieldOfOther = shield(other);
  await sleep(0.01);
  other.cancel();
  try {
    await shieldOfOther;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('shield cancelled with its inner task', shieldOfOther.cancelled());
  }
});
