"""The Python half of a conformance case (lib/transcript.ts is the other half; keep the two in step).

Import this module before the system under test: from then on everything written to sys.stderr goes to stdout, line
by line, prefixed 'stderr| ', so the system's logging lands in the transcript in the order it happened. The TypeScript
side's lib/normalize.ts reduces tracebacks, addresses and times to what both languages can agree on.
"""
import atexit
import sys

_stdout = sys.stdout


class _StderrToTranscript:
    def __init__(self):
        self._partial = ''

    def write(self, text):
        lines = (self._partial + text).split('\n')
        self._partial = lines.pop()
        for line in lines:
            _stdout.write('stderr| %s\n' % line)
        _stdout.flush()
        return len(text)

    def flush(self):
        _stdout.flush()

    def close_partial(self):
        if self._partial:
            _stdout.write('stderr| %s\n' % self._partial)
            self._partial = ''

    def isatty(self):
        return False


_capture = _StderrToTranscript()
sys.stderr = _capture
atexit.register(_capture.close_partial)

_exit_code = [0]
_real_excepthook = sys.excepthook


def _excepthook(t, v, tb):
    # An uncaught exception ends the script with status 1 after the traceback: the transcript records both.
    _exit_code[0] = 1
    _real_excepthook(t, v, tb)


sys.excepthook = _excepthook


def _print_exit():
    _stdout.write('exit %d\n' % _exit_code[0])
    _stdout.flush()


def set_exit(code):
    """For a case that ends with sys.exit(code): record the status the process will have."""
    _exit_code[0] = code


# atexit runs handlers last-registered first: the exit line comes after any partial stderr line.
atexit.register(_print_exit)


def case_broken(message):
    sys.__stderr__.write('conformance case broken: %s\n' % message)
    sys.__stderr__.flush()
    import os
    os._exit(99)


def err_name(err):
    return type(err).__name__


def fmt(value):
    if value is None:
        return 'none'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else '%.3f' % value
    if isinstance(value, str):
        return value
    if isinstance(value, BaseException):
        return err_name(value)
    if isinstance(value, (bytes, bytearray)):
        return "b'%s'" % bytes(value).decode('latin-1')
    if isinstance(value, (list, tuple)):
        return '[%s]' % ', '.join(fmt(v) for v in value)
    if isinstance(value, dict):
        return '{%s}' % ', '.join('%s: %s' % (k, fmt(value[k])) for k in sorted(value))
    return str(value)


def emit(event, *values):
    _stdout.write(' '.join([event] + [fmt(v) for v in values]) + '\n')
    _stdout.flush()
