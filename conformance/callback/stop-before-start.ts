// stop() before start(): start() runs one turn (the callbacks already queued, none added during it) and returns;
// a timer not yet due waits for a later start(). stop() twice is the same as once.
import { emit } from '../lib/transcript.ts';
import { IOLoop } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

function queued(): void {
  emit('queued before stop');
  loop.addCallback(addedDuringTurn);
}

function addedDuringTurn(): void {
  emit('added during the turn');
}

// start() returns at once here (Node cannot block); each "start returned" is the stop listener's, in order.
const steps = [
  () => {
    emit('start returned', 1);
    loop.stop();
    loop.stop();
    loop.start();
  },
  () => {
    emit('start returned', 2);
    loop.callLater(0.6, () => loop.stop());
    loop.start();
  },
  () => emit('start returned', 3),
];
loop.addStopListener(() => steps.shift()?.());

loop.addCallback(queued);
loop.callLater(0.3, () => emit('timer 300 ms'));
loop.stop();
emit('stop called');
loop.start();
