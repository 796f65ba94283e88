# Group.join(raise_error=True) waits until the group is empty, then raises a member's failure; without raise_error it
# raises nothing, and returns whether the group emptied within the timeout.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.pool import Group


def fails():
    gevent.sleep(0.01)
    emit('fails raises')
    raise KeyError('x')


def slow():
    gevent.sleep(0.1)
    emit('slow done')


group = Group()
group.spawn(fails)
group.spawn(slow)
try:
    group.join(raise_error=True)
    emit('join returned')
except KeyError as e:
    emit('join raised', err_name(e), 'members left', len(group))
group.spawn(slow)
emit('join with timeout', group.join(timeout=0.01), len(group))
emit('join', group.join(), len(group))
