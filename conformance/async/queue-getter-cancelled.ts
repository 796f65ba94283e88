// A Queue getter woken by put() but cancelled before it could run does not take the item: its get() raises
// CancelledError and the item goes to the next getter. A getter cancelled while waiting loses nothing either.
import { emit } from '../lib/transcript.ts';
import { Queue, createTask, run, sleep } from '../../impls/async/index.ts';

await run(async () => {
  const queue = new Queue<string>();
  const a = createTask(() => queue.get());
  const b = createTask(() => queue.get());
  const c = createTask(() => queue.get());
  await sleep(0.01);
  c.cancel();
  await sleep(0.01);
  queue.putNowait('item');
  a.cancel();
  emit('b got', await b, 'a cancelled', a.cancelled(), 'c cancelled', c.cancelled(), 'qsize', queue.qsize());
  queue.putNowait('kept');
  emit('qsize', queue.qsize(), 'get', await queue.get());
});
