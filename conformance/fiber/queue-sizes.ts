// Queue sizes: no size, None, 0 or a negative size mean unbounded (maxsize None); a positive size bounds put, which
// raises Full when it cannot put in time, as get raises Empty; items come out in order.
import { emit, errName } from '../lib/transcript.ts';
import { Queue, QueueEmpty, QueueFull, run, type Green } from '../../impls/fiber/index.ts';

function* main(): Green<void> {
  const queues: Array<[string, Queue<number>]> = [
    ['default', new Queue()],
    ['None', new Queue(undefined)],
    ['0', new Queue(0)],
    ['-1', new Queue(-1)],
  ];
  for (const [label, q] of queues) {
    for (let i = 0; i < 3; i++) q.putNowait(i);
    emit('queue', label, 'maxsize', q.maxsize, 'qsize', q.qsize(), 'full', q.full());
  }

  const q = new Queue<number>(2);
  yield* q.put(1);
  yield* q.put(2);
  emit('bounded', q.maxsize, 'full', q.full());
  for (const options of [{ block: false }, { timeout: 0.01 }]) {
    try {
      yield* q.put(3, options);
    } catch (e) {
      if (!(e instanceof QueueFull)) throw e;
      emit('put raised', errName(e));
    }
  }
  emit('got', yield* q.get(), yield* q.get(), 'empty', q.empty());
  for (const options of [{ block: false }, { timeout: 0.01 }]) {
    try {
      yield* q.get(options);
    } catch (e) {
      if (!(e instanceof QueueEmpty)) throw e;
      emit('get raised', errName(e));
    }
  }
}

run(main);
