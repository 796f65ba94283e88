// Cancelling the future gather() returned cancels every child; the gathering future then ends with a
// CancelledError as its exception: done, but cancelled() is false (asyncio 3.12), and awaiting it raises.
import { emit } from '../lib/transcript.ts';
import { CancelledError, createTask, gather, run, sleep } from '../../impls/async/index.ts';

async function child(name: string): Promise<void> {
  try {
    await sleep(1);
  } catch (err) {
    if (err instanceof CancelledError) emit('child cancelled', name);
    throw err;
  }
}

await run(async () => {
  const a = createTask(child, 'a');
  const b = createTask(child, 'b');
  const gathered = gather(a, b);
  await sleep(0.01);
  emit('cancel returns', gathered.cancel());
  try {
    await gathered;
  } catch (err) {
    if (!(err instanceof CancelledError)) throw err;
    emit('await raised CancelledError');
  }
  emit('done', gathered.done(), 'cancelled', gathered.cancelled());
  emit('exception', gathered.exception());
  emit('children cancelled', a.cancelled(), b.cancelled());
  emit('cancel again', gathered.cancel());
});
