// IOLoop.runInExecutor(executor, call) runs the call in a worker thread and returns a Future that the loop completes:
// the result, or the error the call threw, arrives through addFuture like any other callback. Cancelling the Future
// of a call still queued (the executor's one thread busy with another) means it never runs; the busy call runs to its
// end.
import { emit } from '../lib/transcript.ts';
import { IOLoop, type Future } from '../../impls/callback/index.ts';
import { WorkerExecutor, workerCall } from '../../impls/shared/executor.ts';

const loop = IOLoop.current();
const executor = new WorkerExecutor({ threads: 1 });
const calls = new URL('../lib/worker-calls.ts', import.meta.url).href;
const ran = new Int32Array(new SharedArrayBuffer(4));

function onDouble(future: Future<unknown>): void {
  emit('result on the loop', future.result());
  loop.addFuture(loop.runInExecutor(executor, workerCall(calls, 'failWithTypeError', 'bad input')), onFailure);
}

function onFailure(future: Future<unknown>): void {
  emit('exception on the loop', future.exception(), (future.exception() as Error).message);
  const busy = loop.runInExecutor(executor, workerCall(calls, 'sleepThen', { seconds: 0.3, value: 'busy call done', ran }));
  const queued = loop.runInExecutor(executor, workerCall(calls, 'sleepThen', { seconds: 0, value: 'queued call done', ran }));
  emit('cancel the queued call', queued.cancel());
  loop.addFuture(queued, (f) => emit('queued future cancelled', f.cancelled()));
  loop.addFuture(busy, onBusy);
}

function onBusy(future: Future<unknown>): void {
  emit('busy call', future.result());
  loop.callLater(0.2, finish);
}

function finish(): void {
  emit('calls that ran in the thread', Atomics.load(ran, 0));
  loop.stop();
}

const first = loop.runInExecutor(executor, workerCall(calls, 'double', 21));
emit('run_in_executor returned', first.constructor.name, 'done', first.done());
loop.addFuture(first, onDouble);
loop.addStopListener(() => void executor.close());
loop.start();
