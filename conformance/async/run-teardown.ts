// run() cancels the tasks main left running and waits for them (their finally blocks run) before it returns
// main's result.
import { emit } from '../lib/transcript.ts';
import { createTask, run, sleep } from '../../impls/async/index.ts';

async function leftover(name: string): Promise<void> {
  try {
    await sleep(1);
  } finally {
    emit('leftover finally', name);
  }
}

emit(
  'run returned',
  await run(async () => {
    createTask(leftover, 'a');
    await sleep(0.01);
    emit('main returns');
    return 'result';
  }),
);
