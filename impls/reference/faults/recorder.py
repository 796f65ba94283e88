"""The Python side of a fault row: the same protocol as harness/faults/recorder.ts (see harness/faults/protocol.ts).

A case reports through a Recorder, whose calls mirror the TypeScript FaultRecorder: fault, child_start, child_done,
child_finally, caller_raised, caller_returned, scope_ended. Each prints one JSON line on stdout with `t`, the
milliseconds since the case started. Importing this module first folds everything later written to sys.stderr into
`log` events as it is written, so a system's logging lands on the same clock as the case's events.
"""
import json
import sys
import time
from urllib.parse import quote

_stdout = sys.stdout
_t0 = time.monotonic()


def now():
    return round((time.monotonic() - _t0) * 1000, 2)


def emit(event):
    event.setdefault('t', now())
    _stdout.write(json.dumps(event) + '\n')
    _stdout.flush()


class _StderrToLog:
    def __init__(self):
        self._partial = ''

    def write(self, text):
        lines = (self._partial + text).split('\n')
        self._partial = lines.pop()
        for line in lines:
            emit({'ev': 'log', 'line': line})
        return len(text)

    def flush(self):
        pass

    def flush_partial(self):
        if self._partial:
            emit({'ev': 'log', 'line': self._partial})
            self._partial = ''

    def isatty(self):
        return False


stderr_capture = _StderrToLog()
sys.stderr = stderr_capture


# Shared kinds (harness/faults/protocol.ts ERROR_KINDS), recognised by class name, errno and status, so that no
# system needs importing here.
_TIMEOUT = {'Timeout', 'TimeoutError', 'timeout', 'HTTPTimeoutError', 'ServerTimeoutError'}
_RESET = {'IncompleteRead', 'HTTPStreamClosedError', 'ClientPayloadError', 'ServerDisconnectedError',
          'StreamClosedError', 'ConnectionResetError', 'BrokenPipeError', 'ConnectionAbortedError', 'RemoteDisconnected'}
_CANCELLED = {'CancelledError', 'GreenletExit'}


def kind_of(err, depth=0):
    name = type(err).__name__
    if name in _CANCELLED:
        return 'cancelled'
    if name == 'LoopExit':
        return 'loop-exit'
    if name == 'HandlerError':
        return 'handler-error'
    if name in ('TypeError', 'AttributeError'):
        return 'type-error'
    status = getattr(err, 'status', None)
    code = getattr(err, 'code', None)
    if not isinstance(status, int) and isinstance(code, int) and code != 599:
        status = code
    if isinstance(status, int) and not isinstance(status, bool) and 100 <= status < 600:
        return 'http-500' if status == 500 else 'http-other'
    if name in _TIMEOUT:
        return 'timeout'
    if isinstance(err, ConnectionRefusedError) or getattr(err, 'errno', None) == 111:
        return 'refused'
    if name in _RESET:
        return 'reset'
    if depth < 3:
        for attr in ('reason', 'os_error', 'real_error', '__cause__', '__context__'):
            inner = getattr(err, attr, None)
            if isinstance(inner, BaseException) and inner is not err:
                k = kind_of(inner, depth + 1)
                if k != 'other':
                    return k
    return 'other'


def describe(err):
    members = getattr(err, 'exceptions', None)
    if isinstance(members, (list, tuple)) and type(err).__name__.endswith('Group'):
        return {'cls': type(err).__name__, 'kind': 'group', 'members': [describe(m) for m in members]}
    return {'cls': type(err).__name__, 'kind': kind_of(err)}


def errors_among(results):
    errors = []
    for r in results:
        if isinstance(r, BaseException):
            errors.append(describe(r))
        else:
            inner = getattr(r, 'error', None)
            if isinstance(inner, BaseException):
                errors.append(describe(inner))
    return errors


class Recorder:
    def fault(self, child):
        emit({'ev': 'fault', 'child': child})

    def child_start(self, child):
        emit({'ev': 'child-start', 'child': child})

    def child_done(self, child):
        emit({'ev': 'child-done', 'child': child})

    def child_finally(self, child):
        emit({'ev': 'finally', 'child': child})

    def caller_raised(self, err):
        emit({'ev': 'caller', 'how': 'raised', 'errors': [describe(err)]})

    def caller_returned(self, results):
        results = list(results)
        emit({'ev': 'caller', 'how': 'returned', 'errors': errors_among(results), 'results': len(results)})

    def scope_ended(self, children_running):
        # The wall clock too: the target server records its requests on it, so the row can be judged at this moment.
        emit({'ev': 'scope-ended', 'running': children_running, 'wall': time.time() * 1000})


class HandlerError(Exception):
    """What a case's user code raises, by this name in every language."""


def child_url(base_url, tag, path, child):
    sep = '&' if '?' in path else '?'
    return '%s%s%stag=%s&child=%d' % (base_url, path, sep, quote(tag, safe=''), child)
