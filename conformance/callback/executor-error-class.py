# An exception raised by a call in run_in_executor's worker thread arrives on the loop as itself: same class, same
# message, whether the class is a built-in or the program's own.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from concurrent.futures import ThreadPoolExecutor
from tornado.ioloop import IOLoop

loop = IOLoop.current()
executor = ThreadPoolExecutor(1)


class ValueError(Exception):  # the program's own class, as the TypeScript half's
    pass


def fail_with_value_error(message):
    raise ValueError(message)


def on_failure(future):
    error = future.exception()
    emit('exception on the loop', error, str(error), 'is the program\'s class', isinstance(error, ValueError))
    loop.stop()


loop.add_future(loop.run_in_executor(executor, fail_with_value_error, 'out of range'), on_failure)
loop.start()
executor.shutdown()
