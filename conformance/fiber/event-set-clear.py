# Event.set() wakes every greenlet waiting at that moment, even if clear() follows before they run: wait() returns
# true when it was woken (the flag was set while it waited), false only on timeout. Waiters wake in the order they
# began waiting; one that finds the event already set returns at once.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent
from gevent.event import Event

ev = Event()


def waiter(name):
    emit('waits', name)
    emit('woke', name, ev.wait(), 'flag now', ev.is_set())


ws = [gevent.spawn(waiter, n) for n in ('a', 'b')]
gevent.sleep(0)
ev.set()
ev.clear()
emit('set and cleared', ev.is_set())
gevent.joinall(ws)
emit('timeout wait', ev.wait(timeout=0.01))
ev.set()
emit('already set', ev.wait(), ev.wait(timeout=0))
