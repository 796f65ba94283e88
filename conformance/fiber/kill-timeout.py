# Killing greenlets that refuse to die in time: killall(timeout=) raises its Timeout; Group.kill(timeout=) and
# Greenlet.kill(timeout=) return quietly, the greenlets still alive.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.pool import Group


def stubborn(name):
    try:
        gevent.sleep(10)
    except gevent.GreenletExit:
        emit('caught GreenletExit', name)
        gevent.sleep(0.5)
        emit('dies at last', name)


a = gevent.spawn(stubborn, 'a')
gevent.sleep(0)
try:
    gevent.killall([a], timeout=0.02)
    emit('killall returned')
except gevent.Timeout as e:
    emit('killall raised', err_name(e), str(e), 'dead', a.dead)

group = Group()
group.spawn(stubborn, 'b')
gevent.sleep(0)
group.kill(timeout=0.02)
emit('group kill returned', 'members', len(group))

c = gevent.spawn(stubborn, 'c')
gevent.sleep(0)
c.kill(timeout=0.02)
emit('kill returned', 'dead', c.dead)
gevent.joinall([a, c])
group.join()
emit('all dead', a.dead, c.dead, len(group))
