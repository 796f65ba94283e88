// removeTimeout is lazy and safe: a cancelled timer never runs, even one already due in the same turn as the timer
// that cancels it (a blocking callback makes both overdue, so one turn collects both); cancelling twice, or after the
// timer ran, does nothing.
import { emit } from '../lib/transcript.ts';
import { IOLoop, type Timeout } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const start = loop.time();
const handles = new Map<string, Timeout>();

function first(): void {
  emit('first runs and cancels second, due in the same turn');
  loop.removeTimeout(handles.get('second')!);
  loop.removeTimeout(handles.get('second')!);
}

function ran(): void {
  emit('ran');
}

function after(): void {
  emit('cancelling a timer that already ran');
  loop.removeTimeout(handles.get('ran')!);
  loop.stop();
}

function block(): void {
  emit('blocking the loop past both deadlines');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150); // time.sleep(0.15)
}

handles.set('never', loop.callLater(0.05, () => emit('cancelled timer ran')));
loop.removeTimeout(handles.get('never')!);
loop.callLater(0.01, block);
loop.callAt(start + 0.05, first);
handles.set('second', loop.callAt(start + 0.06, () => emit('second ran')));
handles.set('ran', loop.callLater(0.25, ran));
loop.callLater(0.3, after);
loop.addStopListener(() => emit('done'));
loop.start();
