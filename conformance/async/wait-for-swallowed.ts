// asyncio 3.12's wait_for runs under timeout(): when the awaited work swallows the cancellation and returns a value,
// that value is returned, both when the caller was cancelled (the request stays counted in cancelling()) and when the
// deadline passed (no TimeoutError). 3.11 re-raised CancelledError in the first case.
import { emit } from '../lib/transcript.ts';
import { CancelledError, TimeoutError, createTask, currentTask, run, sleep, waitFor } from '../../impls/async/index.ts';

async function inner(tag: string): Promise<string> {
  try {
    await sleep(1);
    return 'normal';
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit(tag, 'inner swallowed the cancellation');
    await sleep(0.01);
    return 'swallowed';
  }
}

async function caller(tag: string, asTask: boolean): Promise<string> {
  const me = currentTask()!;
  try {
    const work = asTask ? createTask(inner, tag) : () => inner(tag);
    const result = await waitFor(work, 10);
    emit(tag, 'wait_for returned', result, 'cancelling', me.cancelling());
    await sleep(0.01);
    emit(tag, 'next sleep completed');
    return 'done';
  } catch (err) {
    if (err instanceof CancelledError) emit(tag, 'caller got CancelledError');
    throw err;
  }
}

async function deadline(tag: string, asTask: boolean): Promise<void> {
  const work = asTask ? createTask(inner, tag) : () => inner(tag);
  try {
    emit(tag, 'wait_for returned', await waitFor(work, 0.02));
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err;
    emit(tag, 'TimeoutError');
  }
}

await run(async () => {
  for (const asTask of [false, true]) {
    const kind = asTask ? 'task' : 'function';
    const task = createTask(caller, `cancelled caller, ${kind}`, asTask);
    await sleep(0.02);
    task.cancel();
    try {
      emit('caller result', await task);
    } catch (err) {
      if (!(err instanceof CancelledError)) throw err;
      emit('caller cancelled', task.cancelled());
    }
    await deadline(`deadline passed, ${kind}`, asTask);
  }
});
