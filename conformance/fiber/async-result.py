# AsyncResult: get() waits for a value or an exception and raises the exception; without blocking, or past its
# timeout, it raises Timeout; wait() returns the value, or None for an exception or a timeout; greenlets waiting on it
# are all woken; gevent.wait() takes it like a greenlet.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.event import AsyncResult

r = AsyncResult()
emit('ready', r.ready(), 'successful', r.successful(), 'value', r.value, 'exception', r.exception)
for name, call in (('get(block=False)', lambda: r.get(block=False)), ('get_nowait()', r.get_nowait), ('get(timeout=0.05)', lambda: r.get(timeout=0.05))):
    try:
        call()
        emit('not reached')
    except gevent.Timeout as e:
        emit(name, 'raised', err_name(e))
emit('wait(0.05) gives', r.wait(0.05))


def setter():
    gevent.sleep(0.05)
    r.set(42)


gevent.spawn(setter)
getters = [gevent.spawn(r.get) for _ in range(2)]
emit('get gives', r.get())
gevent.joinall(getters)
emit('the other getters got', [g.value for g in getters], 'wait gives', r.wait(), 'gevent.wait', gevent.wait([r]) == [r])

failed = AsyncResult()
gevent.spawn_later(0.05, failed.set_exception, TypeError('broken'))
try:
    failed.get()
    emit('not reached')
except TypeError as e:
    emit('get raised', err_name(e), str(e))
emit('wait gives', failed.wait(), 'successful', failed.successful(), 'exception', err_name(failed.exception), 'value', failed.value)
