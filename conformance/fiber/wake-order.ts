// When woken greenlets run: the hub switches to a greenlet as soon as what it waits for happens in the hub (an Event's
// notification, a greenlet's end reaching join(), a timer), ahead of greenlets queued meanwhile; a lock or queue
// released by a greenlet wakes its waiter through the hub's queue, in turn.
import { emit } from '../lib/transcript.ts';
import { Event, Queue, Semaphore, joinall, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

function* later(name: string): Green<void> {
  emit(name, 'runs');
}

function* main(): Green<void> {
  const ev = new Event();
  const waiter = function* (name: string): Green<void> {
    yield* ev.wait();
    emit(name, 'woken by set');
  };
  const ws = ['A', 'B'].map((n) => spawn(waiter, n));
  yield* sleep(0);
  ev.set();
  spawn(later, 'spawned after set');
  yield* joinall(ws);

  const quick = spawn(function* () {});
  const j = spawn(function* joiner() {
    yield* quick.join();
    emit('joiner resumes');
  });
  yield* sleep(0);
  spawn(later, 'spawned after the end');
  yield* joinall([j]);

  const sem = new Semaphore(0);
  const a = spawn(function* acquirer() {
    yield* sem.acquire();
    emit('acquirer resumes');
  });
  yield* sleep(0);
  sem.release();
  spawn(later, 'spawned after release');
  yield* joinall([a]);

  const q = new Queue<string>();
  const g = spawn(function* getter() {
    emit('getter got', yield* q.get());
  });
  yield* sleep(0);
  yield* q.put('item');
  spawn(later, 'spawned after put');
  yield* joinall([g]);

  const sleeper = function* (name: string): Green<void> {
    yield* sleep(0.01);
    emit(name, 'wakes');
  };
  ['s1', 's2'].forEach((n) => spawn(sleeper, n));
  yield* sleep(0.02);
  emit('main after the sleepers');
}

run(main);
