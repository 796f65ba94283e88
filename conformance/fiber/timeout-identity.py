# Timeout: raised in the greenlet that started it, at the point where it is blocked when the time comes; code catches
# its own Timeout by identity, so nested timeouts do not confuse each other; a cancelled one never fires; one that
# comes due while its greenlet is busy lands at its next blocking call; exception= raises that instead;
# with_timeout returns timeout_value instead of raising.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent import Timeout
from gevent.event import Event

never = Event()

outer = Timeout.start_new(0.2)
try:
    inner = Timeout.start_new(0.01)
    try:
        never.wait()
    except Timeout as t:
        emit('inner caught', t is inner, t is outer)
    finally:
        inner.cancel()
    never.wait()
except Timeout as t:
    emit('outer caught', t is outer, 'pending', outer.pending)
finally:
    outer.cancel()

cancelled = Timeout.start_new(0.01)
cancelled.cancel()
gevent.sleep(0.03)
emit('cancelled one never fired', cancelled.pending)


class Late(Exception):
    pass


t = Timeout.start_new(0.01, Late('late'))
try:
    total = 0
    for i in range(3):
        total += i  # no blocking call: the timeout cannot land here
    emit('busy part done', total)
    gevent.sleep(0.05)
except Late as e:
    emit('raised the given exception', err_name(e))
finally:
    t.cancel()

emit('with_timeout', gevent.with_timeout(0.01, never.wait, timeout_value='gave up'))
try:
    gevent.with_timeout(0.01, never.wait)
except Timeout as e:
    emit('with_timeout raised', err_name(e), str(e))
emit('no timeout', Timeout(None).pending, str(Timeout()))
