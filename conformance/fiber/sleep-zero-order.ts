// Scheduling order: spawn() returns before the greenlet runs; spawned greenlets start in spawn order on the next hub
// turn; sleep(0) goes to the back of the queue, so greenlets that sleep(0) in turn take turns round-robin; timers
// due at the same time fire in the order they were made.
import { emit } from '../lib/transcript.ts';
import { joinall, run, sleep, spawn, spawnLater, type Green } from '../../impls/fiber/index.ts';

function* worker(name: string, rounds: number): Green<void> {
  for (let i = 0; i < rounds; i++) {
    emit(name, i);
    yield* sleep(0);
  }
  emit(name, 'done');
}

function* timed(name: string): Green<void> {
  emit('timer', name);
}

function* main(): Green<void> {
  const a = spawn(worker, 'a', 3);
  const b = spawn(worker, 'b', 2);
  emit('spawned; not run yet', a.dead, b.dead);
  yield* sleep(0);
  emit('main after one sleep(0)');
  yield* joinall([a, b]);
  const ts = ['first', 'second', 'third'].map((n) => spawnLater(0.02, timed, n));
  spawnLater(0.01, timed, 'earlier');
  yield* joinall(ts);
  emit('end');
}

run(main);
