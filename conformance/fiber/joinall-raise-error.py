# joinall(raise_error=True) raises the first failure as soon as it is seen, while the other greenlets keep running;
# without it, joinall raises nothing and returns the greenlets that ended, failures included.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent


def fails():
    gevent.sleep(0.01)
    raise KeyError('x')


def slow():
    gevent.sleep(0.5)
    emit('slow done')
    return 'slow'


gs = [gevent.spawn(slow), gevent.spawn(fails)]
try:
    gevent.joinall(gs, raise_error=True)
except KeyError as e:
    emit('joinall raised', err_name(e), 'slow still running', not gs[0].dead)
done = gevent.joinall(gs)
emit('joinall', len(done), [g.successful() for g in gs])
