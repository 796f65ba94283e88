// Timers fire by deadline, whatever order they were set in; timers with the same delay fire in the order they were
// set; callAt takes a deadline on the loop's clock (seconds, IOLoop.time()); a callback queued by a timer runs
// before a timer due "now" that the same timer set.
import { emit } from '../lib/transcript.ts';
import { IOLoop } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const start = loop.time();

function fire(name: string): void {
  emit('fire', name);
}

function last(): void {
  const elapsed = loop.time() - start;
  emit('elapsed at least 0.3 s', elapsed >= 0.3, 'and under 5 s', elapsed < 5);
  loop.addCallback(fire, 'callback queued by the last timer');
  loop.callLater(0, fire, 'timer due now set by the last timer');
  loop.callLater(0.05, () => loop.stop());
}

loop.callLater(0.2, fire, 'c 200 ms');
loop.callLater(0.05, fire, 'a 50 ms');
loop.callAt(start + 0.1, fire, 'b at start + 100 ms');
for (const name of ['d1', 'd2', 'd3']) loop.callLater(0.25, fire, `${name} 250 ms`);
loop.callLater(0.3, last);
loop.addStopListener(() => emit('done'));
loop.start();
