# link(cb) runs cb in a greenlet of its own, started at once when the hub notifies the links (in the order they were
# added, rawlinks among them), so a link that blocks lets the next one run; links are notified on a later hub turn,
# never inline, even when added to a greenlet that is already dead; a link that raises is printed with the greenlet.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent
from gevent.event import Event

link_done = Event()


def work(name):
    emit('run', name)
    return name


def blocking_link(g):
    emit('blocking link starts', g.value)
    gevent.sleep(0.01)
    emit('blocking link ends')
    link_done.set()


def plain_link(g):
    emit('plain link', g.value, 'in a greenlet', gevent.getcurrent() is not gevent.get_hub())


def raw(g):
    emit('rawlink', g.value)


def failing_link(g):
    emit('failing link')
    raise ValueError('link')


def only_value(g):
    emit('link_value', g.value)


def only_exception(g):
    emit('link_exception', err_class(g.exception))


def err_class(e):
    return type(e).__name__


def fails():
    raise KeyError('x')


a = gevent.spawn(work, 'a')
a.link(blocking_link)
a.rawlink(raw)
a.link(plain_link)
b = gevent.spawn(work, 'b')
link_done.wait()
gevent.sleep(0.01)
a.link(plain_link)
emit('late link added')
gevent.sleep(0)
emit('after a turn')
a.link(failing_link)
a.link(plain_link)
gevent.sleep(0.01)
c = gevent.spawn(fails)
for g in (a, c):
    g.link_value(only_value)
    g.link_exception(only_exception)
gevent.sleep(0.01)
emit('end')
