// Callbacks added during a loop turn wait for the next turn; a timer due "now" runs after the callbacks already
// queued; stop() inside a callback lets the turn finish.
import { emit } from '../lib/transcript.ts';
import { IOLoop } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

function first(): void {
  emit('first');
  loop.addCallback(third);
  loop.callLater(0, timer);
}

function second(): void {
  emit('second');
}

function third(): void {
  emit('third');
  loop.addCallback(fourth);
}

function timer(): void {
  emit('timer');
}

function fourth(): void {
  emit('fourth');
  loop.stop();
  emit('after stop');
}

loop.addCallback(first);
loop.addCallback(second);
loop.addStopListener(() => emit('start returned'));
loop.start();
