// IOLoop.addFuture on a Future already done schedules its callback at once, as addCallback does: it runs on the next
// turn, beside callbacks added at the same time, in order. On a pending Future it runs one turn after the Future's
// done callbacks, once the Future completes.
import { emit } from '../lib/transcript.ts';
import { Future, IOLoop } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const done = new Future<string>();
done.setResult('early');
const pending = new Future<string>();

function turn(n: number): void {
  emit('turn', n);
  if (n < 4) loop.addCallback(turn, n + 1);
  else loop.stop();
}

loop.addCallback(turn, 1);
loop.addFuture(done, (f) => emit('add_future on a done Future', f.result()));
loop.addCallback(() => emit('add_callback after it'));
loop.addFuture(pending, (f) => emit('add_future on a pending Future', f.result()));
loop.addCallback(() => pending.setResult('late'));
loop.start();
