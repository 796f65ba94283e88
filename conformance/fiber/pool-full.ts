// A full Pool: add() with a timeout, or without blocking, raises PoolFull (a queue.Full); free_count and full() count
// members; wait_available returns how many slots are free; a size of 0 is allowed and never has room.
import { emit, errName } from '../lib/transcript.ts';
import { Greenlet, Pool, PoolFull, QueueFull, run, sleep, type Green } from '../../impls/fiber/index.ts';

function* work(n: number): Green<number> {
  yield* sleep(0.3);
  return n;
}

function* main(): Green<void> {
  const pool = new Pool(1);
  yield* pool.spawn(work, 1);
  emit('free', pool.freeCount(), 'full', pool.full());
  for (const options of [{ timeout: 0.01 }, { blocking: false }]) {
    try {
      yield* pool.add(new Greenlet(work, [2]), options);
      emit('added');
    } catch (e) {
      if (!(e instanceof PoolFull)) throw e;
      emit('add raised', errName(e), 'is Full', e instanceof QueueFull, 'members', pool.size);
    }
  }
  emit('wait_available', yield* pool.waitAvailable());
  emit('free', pool.freeCount(), 'full', pool.full());
  emit('unbounded free', new Pool().freeCount());
  const zero = new Pool(0);
  emit('zero free', zero.freeCount(), 'full', zero.full(), 'wait_available', yield* zero.waitAvailable(0.01));
}

run(main);
