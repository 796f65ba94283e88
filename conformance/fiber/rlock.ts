// RLock: the greenlet holding it may acquire it again, and needs as many releases; others wait (or, not blocking or
// past a timeout, get False) until the last release; a greenlet that does not hold it cannot release it (RuntimeError,
// naming both greenlets). gevent returns 1 for a re-entrant acquire and True for a first one: both print as true here.
import { emit, errName } from '../lib/transcript.ts';
import { RLock, RuntimeError, joinall, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

const lock = new RLock();

function* holder(): Green<void> {
  emit('holder acquires', yield* lock.acquire(), 'and again', yield* lock.acquire());
  yield* sleep(0.1);
  lock.release();
  emit('holder released once');
  yield* sleep(0.1);
  lock.release();
  emit('holder released twice');
}

function* waiter(): Green<void> {
  emit('waiter without blocking', yield* lock.acquire({ blocking: false }));
  emit('waiter with a 0.05 s timeout', yield* lock.acquire({ timeout: 0.05 }));
  emit('waiter acquires', yield* lock.acquire());
  lock.release();
}

function* intruder(): Green<void> {
  try {
    lock.release();
    emit('not reached');
  } catch (e) {
    if (!(e instanceof RuntimeError)) throw e;
    emit('intruder release raised', errName(e), e.message);
  }
}

function* main(): Green<void> {
  const h = spawn(holder);
  yield* sleep(0);
  yield* joinall([h, spawn(waiter), spawn(intruder)]);
}

run(main);
