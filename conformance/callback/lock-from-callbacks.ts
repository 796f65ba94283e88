// tornado.locks used from callbacks: acquire() returns a Future, done at once when the lock is free; otherwise the
// waiters get the lock one at a time, first come first served, each through its Future (addFuture), when the holder
// calls release(). A waiter whose Future was cancelled is skipped. Releasing an unlocked Lock raises RuntimeError; a
// BoundedSemaphore released past its value raises ValueError; a Semaphore below zero is refused.
import { emit } from '../lib/transcript.ts';
import { BoundedSemaphore, IOLoop, Lock, Semaphore, type Future } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const lock = new Lock();

const first = lock.acquire();
emit('first acquire done at once', first.done());
const second = lock.acquire();
const third = lock.acquire();
const fourth = lock.acquire();
emit('later acquires wait', second.done(), third.done(), fourth.done());
emit('cancel the third', third.cancel());

function holder(name: string): (future: Future<void>) => void {
  return function gotIt() {
    emit(name, 'holds the lock');
    loop.addCallback(release, name);
  };
}

function release(name: string): void {
  emit(name, 'releases');
  lock.release();
}

loop.addFuture(second, holder('second'));
loop.addFuture(fourth, holder('fourth'));
loop.addFuture(third, (f) => emit('third cancelled', f.cancelled()));
loop.addCallback(release, 'first');

function checks(): void {
  try {
    lock.release();
  } catch (e) {
    emit('release unlocked', e, (e as Error).message);
  }
  const sem = new BoundedSemaphore(2);
  sem.acquire();
  sem.release();
  try {
    sem.release();
  } catch (e) {
    emit('bounded release past its value', e, (e as Error).message);
  }
  try {
    new Semaphore(-1);
  } catch (e) {
    emit('semaphore below zero', e, (e as Error).message);
  }
  const two = new Semaphore(2);
  emit('semaphore of 2: acquires done at once', [0, 1, 2].map(() => two.acquire().done()));
  loop.stop();
}

loop.callLater(0.1, checks);
loop.start();
