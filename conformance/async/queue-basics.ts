// Queue: items come out in FIFO order; an item put while a getter waits stays in the queue until that getter runs;
// a bounded queue makes put() wait for room; join() waits until taskDone() was called for every item.
import { emit } from '../lib/transcript.ts';
import { Queue, QueueEmpty, QueueFull, ValueError, createTask, gather, run, sleep } from '../../impls/async/index.ts';

await run(async () => {
  const queue = new Queue<number>();

  const getter = async (name: string): Promise<void> => {
    const item = await queue.get();
    emit('got', name, item);
    queue.taskDone();
  };

  const getters = [...'ab'].map((name) => createTask(getter, name));
  await sleep(0.01);
  queue.putNowait(1);
  emit('qsize right after put with a getter waiting', queue.qsize(), 'empty', queue.empty());
  queue.putNowait(2);
  await gather(...getters);
  await queue.join();
  emit('joined', queue.qsize());

  const bounded = new Queue<string>(1);
  await bounded.put('x');
  emit('full', bounded.full());
  try {
    bounded.putNowait('z');
  } catch (err) {
    if (!(err instanceof QueueFull)) throw err;
    emit('put_nowait on a full queue: QueueFull');
  }
  const putter = createTask(() => bounded.put('y'));
  await sleep(0.01);
  emit('putter waiting', !putter.done());
  emit('get', await bounded.get());
  await putter;
  emit('after the putter', bounded.qsize(), bounded.getNowait());
  try {
    bounded.getNowait();
  } catch (err) {
    if (!(err instanceof QueueEmpty)) throw err;
    emit('get_nowait on an empty queue: QueueEmpty');
  }
  for (let i = 0; i < 2; i++) bounded.taskDone();
  try {
    bounded.taskDone();
  } catch (err) {
    if (!(err instanceof ValueError)) throw err;
    emit('task_done too often: ValueError');
  }
});
