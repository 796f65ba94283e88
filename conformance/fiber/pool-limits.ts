// Pool(n) runs at most n members at once: spawn blocks the caller while the pool is full and returns once a member's
// end frees a slot; a Group tracks without limit; join waits until the set is empty. The jobs end in an order a
// controller greenlet chooses (no timing involved).
import { emit } from '../lib/transcript.ts';
import { Event, Group, Pool, run, spawn, type Green, type Greenlet } from '../../impls/fiber/index.ts';

let active = 0;
let peak = 0;
const started = Array.from({ length: 5 }, () => new Event());
const finish = Array.from({ length: 5 }, () => new Event());

function* job(n: number): Green<number> {
  active++;
  peak = Math.max(peak, active);
  emit('start', n, 'active', active);
  started[n]!.set();
  yield* finish[n]!.wait();
  active--;
  emit('end', n);
  return n * 10;
}

function* controller(order: number[]): Green<void> {
  for (const n of order) {
    yield* started[n]!.wait();
    emit('controller ends', n);
    finish[n]!.set();
  }
}

function* main(): Green<void> {
  spawn(controller, [1, 2, 0, 4, 3]);
  const pool = new Pool(2);
  const jobs: Array<Greenlet<number>> = [];
  for (let n = 0; n < 5; n++) {
    jobs.push(yield* pool.spawn(job, n));
    emit('spawned', n, 'size', pool.size, 'free', pool.freeCount());
  }
  yield* pool.join();
  emit('peak', peak, 'values', jobs.map((g) => g.value), 'size', pool.size);

  for (const e of [...started, ...finish]) e.clear();
  spawn(controller, [2, 1, 0]);
  const group = new Group();
  for (let n = 0; n < 3; n++) group.spawn(job, n);
  emit('group size', group.size, 'full', group.full());
  yield* group.join();
  emit('group joined', group.size, 'peak', peak);
}

run(main);
