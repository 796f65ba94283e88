// Runner: between two run() calls the loop is not running, so a task the first run left behind waits; it goes on in
// the next run. (Here it does not wait: see the departure.)
import { emit } from '../lib/transcript.ts';
import { Runner, createTask, sleep } from '../../impls/async/index.ts';

async function leftover(): Promise<void> {
  await sleep(0.05);
  emit('leftover ran');
}

async function first(): Promise<string> {
  createTask(leftover);
  return 'first';
}

const runner = new Runner();
try {
  emit('run returned', await runner.run(first));
  await new Promise((resolve) => setTimeout(resolve, 200)); // outside any run, as the program does something else
  emit('between runs');
  emit('run returned', await runner.run(() => sleep(0.1, 'second')));
} finally {
  await runner.close();
}
