# An uncaught LoopExit ends the program with its traceback and status 1; gevent's message goes on to describe the
# hub and its handles.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import gevent
from gevent.event import Event

emit('waiting for an event nobody sets')
Event().wait()
emit('not reached')
