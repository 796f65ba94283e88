# gevent.wait returns the ready objects in the order they became ready (those ready already first, in argument
# order); with count it returns as soon as that many are; with a timeout, those ready by then.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent
from gevent.event import Event


def after(seconds, name):
    gevent.sleep(seconds)
    return name


names = lambda gs: [g.value for g in gs]
gs = [gevent.spawn(after, 0.06, 'slow'), gevent.spawn(after, 0.01, 'fast'), gevent.spawn(after, 0.03, 'middle')]
emit('wait all', names(gevent.wait(gs)))
done = [gevent.spawn(after, 0, 'x'), gevent.spawn(after, 0, 'y')]
gevent.sleep(0.01)
mixed = [gevent.spawn(after, 0.02, 'later'), done[1], gevent.spawn(after, 0.01, 'sooner'), done[0]]
emit('wait mixed', names(gevent.wait(mixed)))
gs = [gevent.spawn(after, 0.05, 'c'), gevent.spawn(after, 0.01, 'a'), gevent.spawn(after, 0.03, 'b')]
emit('wait count 2', names(gevent.wait(gs, count=2)))
gs = [gevent.spawn(after, 0.5, 'never'), gevent.spawn(after, 0.01, 'soon')]
emit('wait timeout', names(gevent.wait(gs, timeout=0.25)))
ev = Event()
g = gevent.spawn(after, 0.01, 'greenlet')
gevent.spawn_later(0.03, ev.set)
emit('wait event', [o is ev for o in gevent.wait([ev, g])])
same = [gevent.spawn(after, 0, 'first'), gevent.spawn(after, 0, 'second')]
emit('same turn', names(gevent.wait([same[1], same[0]])))
emit('joinall', names(gevent.joinall(gs)))
