// A done-callback that throws is logged by the exception handler ("Exception in callback ..."); the other
// callbacks still run, in the order they were added, after setResult() has returned.
import { emit } from '../lib/transcript.ts';
import { Future, run, setExceptionHandler, sleep } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}

function bad(): void {
  emit('bad callback runs');
  throw new ValueError('from a callback');
}

function good(future: Future<number>): void {
  emit('good callback runs', future.result());
}

await run(async () => {
  setExceptionHandler((context) => emit('handler', context.message.startsWith('Exception in callback'), context.exception));
  const future = new Future<number>();
  future.addDoneCallback(bad);
  future.addDoneCallback(good);
  future.setResult(1);
  emit('set_result returned');
  await sleep(0);
  emit('after sleep(0)');
  const late = new Future<number>();
  late.setResult(2);
  late.addDoneCallback(good);
  emit('added to a done future');
  await sleep(0);
  emit('end');
});
