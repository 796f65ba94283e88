// Pool(n) runs at most n members at once: spawn blocks the caller while the pool is full and returns once a member's
// end frees a slot; a Group tracks without limit; join waits until the set is empty.
import { emit } from '../lib/transcript.ts';
import { Group, Pool, run, sleep, type Green, type Greenlet } from '../../impls/fiber/index.ts';

const DURATIONS = [0.12, 0.04, 0.02, 0.1, 0.02];
let active = 0;
let peak = 0;

function* job(n: number): Green<number> {
  active++;
  peak = Math.max(peak, active);
  emit('start', n, 'active', active);
  yield* sleep(DURATIONS[n]!);
  active--;
  emit('end', n);
  return n * 10;
}

function* main(): Green<void> {
  const pool = new Pool(2);
  const jobs: Array<Greenlet<number>> = [];
  for (let n = 0; n < 5; n++) {
    jobs.push(yield* pool.spawn(job, n));
    emit('spawned', n, 'size', pool.size, 'free', pool.freeCount());
  }
  yield* pool.join();
  emit('peak', peak, 'values', jobs.map((g) => g.value), 'size', pool.size);

  const group = new Group();
  for (let n = 0; n < 3; n++) group.spawn(job, n);
  emit('group size', group.size, 'full', group.full());
  yield* group.join();
  emit('group joined', group.size, 'peak', peak);
}

run(main);
