// An error thrown by a call in runInExecutor's worker thread arrives on the loop by structured clone: a built-in class
// keeps its class (run-in-executor), but a class of the program's own arrives as a plain Error with its message.
import { emit } from '../lib/transcript.ts';
import { ValueError } from '../lib/worker-calls.ts';
import { IOLoop, type Future } from '../../impls/callback/index.ts';
import { WorkerExecutor, workerCall } from '../../impls/shared/executor.ts';

const loop = IOLoop.current();
const executor = new WorkerExecutor({ threads: 1 });
const calls = new URL('../lib/worker-calls.ts', import.meta.url).href;

function onFailure(future: Future<unknown>): void {
  const error = future.exception() as Error;
  emit('exception on the loop', error, error.message, "is the program's class", error instanceof ValueError);
  loop.stop();
}

loop.addFuture(loop.runInExecutor(executor, workerCall(calls, 'failWithValueError', 'out of range')), onFailure);
loop.addStopListener(() => void executor.close());
loop.start();
