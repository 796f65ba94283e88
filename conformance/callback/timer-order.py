# Timers fire by deadline, whatever order they were set in; timers with the same delay fire in the order they were
# set; call_at takes a deadline on the loop's clock (seconds, IOLoop.time()); a callback queued by a timer runs
# before a timer due "now" that the same timer set.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop

loop = IOLoop.current()
start = loop.time()


def fire(name):
    emit('fire', name)


def last():
    elapsed = loop.time() - start
    emit('elapsed at least 0.3 s', elapsed >= 0.3, 'and under 5 s', elapsed < 5)
    loop.add_callback(fire, 'callback queued by the last timer')
    loop.call_later(0, fire, 'timer due now set by the last timer')
    loop.call_later(0.05, loop.stop)


loop.call_later(0.2, fire, 'c 200 ms')
loop.call_later(0.05, fire, 'a 50 ms')
loop.call_at(start + 0.1, fire, 'b at start + 100 ms')
for name in ['d1', 'd2', 'd3']:
    loop.call_later(0.25, fire, name + ' 250 ms')
loop.call_later(0.3, last)
loop.start()
emit('done')
