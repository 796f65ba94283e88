# Arguments out of range raise ValueError in gevent: a negative Pool size, a BoundedSemaphore released more often
# than acquired.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit, err_name
from gevent.lock import BoundedSemaphore
from gevent.pool import Pool

try:
    Pool(-1)
except Exception as e:
    emit('Pool(-1)', err_name(e))
b = BoundedSemaphore(1)
try:
    b.release()
except Exception as e:
    emit('extra release', err_name(e))
