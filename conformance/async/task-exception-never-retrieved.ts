// A task that fails while nobody holds it or looks at its exception is reported through the exception handler
// ("Task exception was never retrieved"), never raised anywhere; a retrieved failure is not reported.
import { emit } from '../lib/transcript.ts';
import { createTask, run, setExceptionHandler, sleep } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}

async function fail(name: string): Promise<never> {
  throw new ValueError(name);
}

await run(async () => {
  setExceptionHandler((context) => emit('handler', context.message, context.exception));
  createTask(fail, 'lost');
  const seen = createTask(fail, 'seen');
  await sleep(0.01);
  emit('seen', seen.exception());
  emit('main goes on');
  await sleep(0.01);
  emit('main returns');
});
emit('run returned');
