// Event.set() wakes every greenlet waiting at that moment, even if clear() follows before they run: wait() returns
// true when it was woken (the flag was set while it waited), false only on timeout. Waiters wake in the order they
// began waiting; one that finds the event already set returns at once.
import { emit } from '../lib/transcript.ts';
import { Event, joinall, run, sleep, spawn, type Green } from '../../impls/fiber/index.ts';

const ev = new Event();

function* waiter(name: string): Green<void> {
  emit('waits', name);
  emit('woke', name, yield* ev.wait(), 'flag now', ev.isSet());
}

function* main(): Green<void> {
  const ws = ['a', 'b'].map((n) => spawn(waiter, n));
  yield* sleep(0);
  ev.set();
  ev.clear();
  emit('set and cleared', ev.isSet());
  yield* joinall(ws);
  emit('timeout wait', yield* ev.wait(0.01));
  ev.set();
  emit('already set', yield* ev.wait(), yield* ev.wait(0));
}

run(main);
