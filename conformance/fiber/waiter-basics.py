# Waiter: a single-use slot between the hub and one greenlet. get() blocks until switch()/throw() delivers a value or
# an error; a result delivered before get() is kept, and get() returns it without blocking.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
import gevent
from gevent.hub import Waiter, get_hub

hub = get_hub()
w = Waiter()
timer = hub.loop.timer(0.01)
timer.start(w.switch, 'hello')
emit('ready before', w.ready())
emit('get', w.get())
timer.close()

early = Waiter()
early.switch('kept')
emit('ready', early.ready())
emit('get without blocking', early.get())

failing = Waiter()
t2 = hub.loop.timer(0.01)
t2.start(failing.throw, KeyError('k'))
try:
    failing.get()
except KeyError as e:
    emit('get raised', err_name(e))
t2.close()
