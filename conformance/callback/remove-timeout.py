# remove_timeout is lazy and safe: a cancelled timer never runs, even one already due in the same turn as the timer
# that cancels it (a blocking callback makes both overdue, so one turn collects both); cancelling twice, or after the
# timer ran, does nothing.
import sys, os, time
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop

loop = IOLoop.current()
start = loop.time()
handles = {}


def first():
    emit('first runs and cancels second, due in the same turn')
    loop.remove_timeout(handles['second'])
    loop.remove_timeout(handles['second'])


def ran():
    emit('ran')


def after():
    emit('cancelling a timer that already ran')
    loop.remove_timeout(handles['ran'])
    loop.stop()


def block():
    emit('blocking the loop past both deadlines')
    time.sleep(0.15)


handles['never'] = loop.call_later(0.05, lambda: emit('cancelled timer ran'))
loop.remove_timeout(handles['never'])
loop.call_later(0.01, block)
loop.call_at(start + 0.05, first)
handles['second'] = loop.call_at(start + 0.06, lambda: emit('second ran'))
handles['ran'] = loop.call_later(0.25, ran)
loop.call_later(0.3, after)
loop.start()
emit('done')
