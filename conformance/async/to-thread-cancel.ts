// Work in threads: an error raised in the thread is raised at the await; cancelling a task that waits for a call
// ends its wait at once; a call still queued never runs; a running one finishes in its thread, its result dropped.
// (The calls are functions of impls/async/executor.workers.ts; shared memory plays the Python side's Events.)
import { emit } from '../lib/transcript.ts';
import { CancelledError, WorkerExecutor, createTask, run, runInExecutor, sleep, toThread, workerCall, type WorkerCall } from '../../impls/async/index.ts';

const WORKERS = new URL('../../impls/async/executor.workers.ts', import.meta.url).href;
const gate = new Int32Array(new SharedArrayBuffer(8)); // [0]: opened, [1]: started
const counter = new SharedArrayBuffer(4);

await run(async () => {
  try {
    await toThread(workerCall(WORKERS, 'failWith', 'bad input in the thread'));
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    emit('raised at the await', err, err.message);
  }
  const pool = new WorkerExecutor({ threads: 1 });

  async function waitsFor(call: WorkerCall): Promise<unknown> {
    return await runInExecutor(pool, call);
  }

  const running = createTask(waitsFor, workerCall(WORKERS, 'blockUntilOpened', { gate: gate.buffer, value: 'opened' }));
  for (let i = 0; i < 2000 && Atomics.load(gate, 1) !== 1; i++) await sleep(0.005);
  const queued = createTask(waitsFor, workerCall(WORKERS, 'countRun', { counter }));
  await sleep(0.01);
  running.cancel();
  queued.cancel();
  for (const [name, task] of [['running', running], ['queued', queued]] as const) {
    try {
      await task;
    } catch (err) {
      if (!(err instanceof CancelledError)) throw err;
      emit(name, 'task cancelled', task.cancelled());
    }
  }
  emit('gate still closed', Atomics.load(gate, 0) === 0);
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  emit('next call counts', await runInExecutor(pool, workerCall(WORKERS, 'countRun', { counter })));
  await pool.close();
  emit('pool shut down');
});
