# IOLoop.run_in_executor(executor, func, *args) runs func in a worker thread and returns a Future that the loop
# completes: the result, or the exception func raised, arrives through add_future like any other callback. Cancelling
# the Future of a call still queued (the executor's one thread busy with another) means it never runs; the busy call
# runs to its end.
import sys, os, threading, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from concurrent.futures import ThreadPoolExecutor
from tornado.ioloop import IOLoop

loop = IOLoop.current()
executor = ThreadPoolExecutor(1)
main = threading.current_thread()
ran = []


def double(x):
    return {'value': x * 2, 'in another thread': threading.current_thread() is not main}


def fail_with_type_error(message):
    raise TypeError(message)


def sleep_then(seconds, value):
    time.sleep(seconds)
    ran.append(value)
    return value


def on_double(future):
    emit('result on the loop', future.result())
    loop.add_future(loop.run_in_executor(executor, fail_with_type_error, 'bad input'), on_failure)


def on_failure(future):
    emit('exception on the loop', future.exception(), str(future.exception()))
    busy = loop.run_in_executor(executor, sleep_then, 0.3, 'busy call done')
    queued = loop.run_in_executor(executor, sleep_then, 0, 'queued call done')
    emit('cancel the queued call', queued.cancel())
    loop.add_future(queued, lambda f: emit('queued future cancelled', f.cancelled()))
    loop.add_future(busy, on_busy)


def on_busy(future):
    emit('busy call', future.result())
    loop.call_later(0.2, finish)


def finish():
    emit('calls that ran in the thread', len(ran))
    loop.stop()


first = loop.run_in_executor(executor, double, 21)
emit('run_in_executor returned', type(first).__name__, 'done', first.done())
loop.add_future(first, on_double)
loop.start()
executor.shutdown()
