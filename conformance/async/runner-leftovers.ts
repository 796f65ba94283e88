// Runner (asyncio.Runner): run() returns when its main task is done and leaves the tasks main started running; a
// second run() uses the same runner; close() cancels what is still running (its finally blocks run) and waits for it.
import { emit } from '../lib/transcript.ts';
import { Runner, createTask, sleep, type Task } from '../../impls/async/index.ts';

let leftoverTask: Task<void> | undefined;

async function leftover(): Promise<void> {
  try {
    await sleep(5);
  } finally {
    emit('leftover finally');
  }
}

async function first(): Promise<string> {
  leftoverTask = createTask(leftover);
  await sleep(0.01);
  return 'first';
}

async function second(): Promise<string> {
  await sleep(0.01);
  return 'second';
}

const runner = new Runner();
try {
  emit('run returned', await runner.run(first));
  emit('leftover done', leftoverTask!.done());
  emit('run returned', await runner.run(second));
  emit('leftover done', leftoverTask!.done());
} finally {
  await runner.close();
}
emit('closed; leftover cancelled', leftoverTask!.cancelled());
