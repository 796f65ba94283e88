// LoopExit: when the main greenlet waits on something nothing can ever wake (no other greenlet runnable, no timer,
// no I/O), gevent raises LoopExit in it. (Uncaught, it ends the program: loop-exit-uncaught.)
import { emit, errName } from '../lib/transcript.ts';
import { Event, LoopExit, Semaphore, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

function* main(): Green<void> {
  const never = new Event();
  const stuck = spawn(function* wait() {
    yield* never.wait();
  });
  try {
    yield* stuck.join();
    emit('join returned');
  } catch (e) {
    if (!(e instanceof LoopExit)) throw e;
    emit('join raised', errName(e));
  }
  emit('stuck still waiting', !stuck.dead);
  yield* sleep(0.01);
  emit('a sleeping main is not stuck');
  try {
    yield* new Semaphore(0).acquire();
    emit('not reached');
  } catch (e) {
    if (!(e instanceof LoopExit)) throw e;
    emit('acquire raised', errName(e), e.message);
  }
}

run(main);
