# Queue sizes: no size, None, 0 or a negative size mean unbounded (maxsize None); a positive size bounds put, which
# raises Full when it cannot put in time, as get raises Empty; items come out in order.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.queue import Queue, Full, Empty

for label, q in (('default', Queue()), ('None', Queue(None)), ('0', Queue(0)), ('-1', Queue(-1))):
    for i in range(3):
        q.put_nowait(i)
    emit('queue', label, 'maxsize', q.maxsize, 'qsize', q.qsize(), 'full', q.full())

q = Queue(2)
q.put(1)
q.put(2)
emit('bounded', q.maxsize, 'full', q.full())
for kwargs in ({'block': False}, {'timeout': 0.01}):
    try:
        q.put(3, **kwargs)
    except Full as e:
        emit('put raised', err_name(e))
emit('got', q.get(), q.get(), 'empty', q.empty())
for kwargs in ({'block': False}, {'timeout': 0.01}):
    try:
        q.get(**kwargs)
    except Empty as e:
        emit('get raised', err_name(e))
