# kill(): a greenlet not yet started is dead at once and never runs; a blocked one gets GreenletExit raised where it
# waits, runs its finally blocks, and counts as successful with the GreenletExit as its value (nothing printed);
# killing a dead greenlet does nothing; killing with another exception makes it fail with that one (printed).
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent


def body(name):
    emit('runs', name)
    try:
        gevent.sleep(10)
        emit('not reached', name)
    finally:
        emit('finally', name)


early = gevent.spawn(body, 'early')
early.kill()
emit('early', 'dead', early.dead, 'successful', early.successful(), 'value', err_name(early.value))

blocked = gevent.spawn(body, 'blocked')
gevent.sleep(0)
blocked.kill()
emit('blocked', 'dead', blocked.dead, 'successful', blocked.successful(), 'value', err_name(blocked.value),
     'exception', blocked.exception)
blocked.kill()
emit('killed again: nothing happens')

nowait = gevent.spawn(body, 'nowait')
gevent.sleep(0)
nowait.kill(block=False)
emit('block=False returns before it dies', nowait.dead)
nowait.join()
emit('then it is dead', nowait.dead)


class Stop(Exception):
    pass


other = gevent.spawn(body, 'other')
gevent.sleep(0)
other.kill(Stop('stop'))
emit('other', 'successful', other.successful(), 'exception', err_name(other.exception))
