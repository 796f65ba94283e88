// An uncaught LoopExit ends the program with its traceback and status 1; gevent's message goes on to describe the
// hub and its handles.
import { emit } from '../lib/transcript.ts';
import { Event, run, type Green } from '../../impls/fiber/index.ts';

function* main(): Green<void> {
  emit('waiting for an event nobody sets');
  yield* new Event().wait();
  emit('not reached');
}

run(main);
