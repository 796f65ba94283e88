# A greenlet that raises is printed by the hub when it fails, before anyone joins it; get() re-raises the same
# exception later; the other greenlets are unaffected.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent


def ok(name):
    emit('run', name)
    gevent.sleep(0.02)
    emit('done', name)
    return name


def boom(name):
    emit('run', name)
    raise KeyError(name)


a = gevent.spawn(ok, 'a')
b = gevent.spawn(boom, 'b')
gevent.joinall([a, b])
emit('ready', a.ready(), b.ready(), 'successful', a.successful(), b.successful())
emit('exception', b.exception)
try:
    b.get()
except KeyError as e:
    emit('get raised', err_name(e), e is b.exception)
emit('value', a.get())
