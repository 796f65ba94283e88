// How task steps interleave: in JavaScript every await yields, even of something already done, so a task started
// together with another lets it start before it goes on.
import { emit } from '../lib/transcript.ts';
import { createTask, gather, run, sleep } from '../../impls/async/index.ts';

async function readyValue(): Promise<number> {
  return 1;
}

async function worker(name: string): Promise<void> {
  emit('start', name);
  await readyValue();
  emit('after a non-blocking await', name);
  await sleep(0);
  emit('after sleep(0)', name);
}

await run(async () => {
  await gather(createTask(worker, 'a'), createTask(worker, 'b'));
});
