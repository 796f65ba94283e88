// run() keeps the program running for as long as its main task waits, even when nothing in the loop could wake it:
// here only an unref'd timer (the daemon thread's part: it does not keep the process alive) sets the event, 0.3 s
// later.
import { emit } from '../lib/transcript.ts';
import { Event, run } from '../../impls/async/index.ts';

emit(
  'run returned',
  await run(async () => {
    const event = new Event();
    setTimeout(() => event.set(), 300).unref();
    emit('main waits');
    await event.wait();
    emit('main woke');
    return 'main result';
  }),
);
