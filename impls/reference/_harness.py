"""The process protocol every Python reference speaks with the harness (harness/agents/python-process.ts).

Only the protocol lives here; each system's idiom stays in its own file. Standard library only.

stdout carries JSON lines and nothing else (sys.stdout is pointed at stderr, so a stray print cannot corrupt it);
stderr is free for the system's own logging.

  greeting  {"event":"ready"|"listening", "system", "version", "python", "description"[, "port"]}
            printed once the system is imported (echo: once its socket is bound)
            or {"event":"unavailable","reason":"No module named 'gevent'"} and exit code 3
  echo      serves until stdin closes or SIGTERM arrives, then exits 0
  url-fetch reads jobs {"id","cmd":"url-fetch","urls","concurrency","timeoutMs"} from stdin, one a line, and
            answers each {"id","ok":true,"elapsedMs","outcomes"} or {"id","ok":false,"error"}, until stdin closes

SIGINT is ignored: Ctrl-C in a terminal reaches the whole process group, and the harness, not the user's key,
decides when a reference stops (so the trial under way can finish and the report be written).
"""
import argparse
import contextlib
import json
import os
import platform
import queue
import signal
import sys
import threading
import time
import traceback
import zlib
from urllib.parse import urlsplit

EXIT_UNAVAILABLE = 3
LOOPBACK = ('127.0.0.1', '::1', 'localhost')

_protocol_out = sys.stdout
sys.stdout = sys.stderr


def _emit(message):
    _protocol_out.write(json.dumps(message, separators=(',', ':')) + '\n')
    _protocol_out.flush()


@contextlib.contextmanager
def system_imports():
    """Wraps a reference's imports of its system: a missing module becomes the 'unavailable' greeting, exit 3."""
    try:
        yield
    except ImportError as exc:
        _emit({'event': 'unavailable', 'reason': str(exc)})
        sys.exit(EXIT_UNAVAILABLE)


def _greeting(event, system, version, description, **extra):
    python = platform.python_version()
    # asyncio is part of Python: its version is Python's.
    return {'event': event, 'system': system, 'version': version or python, 'python': python,
            'description': description, **extra}


def _watch_stdin(on_line, on_eof):
    """Reads stdin on a thread of its own, so that the parent going away is noticed even while the system runs.

    The thread starts with SIGTERM blocked: a kill(pid) from the parent must reach the main thread, where each
    system listens for it, not this one, where the default action would end the process without a clean stop.
    """
    def run():
        # os.read, not sys.stdin: a daemon thread blocked inside sys.stdin's buffered reader holds its lock, and the
        # interpreter then aborts at exit ("could not acquire lock ... at interpreter shutdown").
        pending = b''
        while chunk := os.read(0, 1 << 16):
            *lines, pending = (pending + chunk).split(b'\n')
            for line in lines:
                on_line(line)
        if pending:
            on_line(pending)
        on_eof()

    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        threading.Thread(target=run, name='stdin-watch', daemon=True).start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# --- echo ------------------------------------------------------------------------------------------------------

def _loopback_host(value):
    if value not in LOOPBACK:
        raise argparse.ArgumentTypeError(f'must be a loopback address ({", ".join(LOOPBACK)}), got {value!r}')
    return value


def _port(value):
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f'must be a port number from 0 to 65535, got {value!r}')
    return int(value)


def serve_echo(system, version, description, serve):
    """Runs `serve(host, port, announce)`: it binds, calls announce(bound_port), and returns once SIGTERM arrives.

    stdin closing is turned into that same SIGTERM, so each server has one way to stop, written in its own terms.
    """
    parser = argparse.ArgumentParser(description=f'{system} echo server (a testbed reference)')
    parser.add_argument('--host', type=_loopback_host, default='127.0.0.1')
    parser.add_argument('--port', type=_port, default=0)
    args = parser.parse_args()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Until the server installs its own SIGTERM handler, a SIGTERM (or stdin closing at once) is a plain exit 0.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    main_thread = threading.main_thread().ident
    _watch_stdin(lambda line: None, lambda: signal.pthread_kill(main_thread, signal.SIGTERM))

    def announce(port):
        _emit(_greeting('listening', system, version, description, port=port))

    serve(args.host, args.port, announce)
    sys.exit(0)


async def terminated():
    """For servers on an asyncio loop: returns once SIGTERM arrives."""
    import asyncio
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()


# --- url-fetch -------------------------------------------------------------------------------------------------

class JobError(Exception):
    """A job the reference cannot run (bad input); answered with ok:false, and the process goes on."""


def _parse_job(line):
    try:
        job = json.loads(line)
    except ValueError as exc:
        raise JobError(f'not a JSON line: {exc}') from None
    if not isinstance(job, dict):
        raise JobError('a job must be a JSON object')
    if job.get('cmd') != 'url-fetch':
        raise JobError(f"unknown cmd {job.get('cmd')!r}; this reference runs 'url-fetch'")
    urls, concurrency, timeout_ms = job.get('urls'), job.get('concurrency'), job.get('timeoutMs')
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise JobError('urls must be a list of strings')
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme != 'http' or parts.hostname not in LOOPBACK:
            raise JobError(f'urls must be http:// URLs on loopback, got {url!r}')
    if type(concurrency) is not int or concurrency < 1:
        raise JobError(f'concurrency must be a whole number above 0, got {concurrency!r}')
    if type(timeout_ms) not in (int, float) or not timeout_ms > 0:
        raise JobError(f'timeoutMs must be a number above 0, got {timeout_ms!r}')
    return urls, concurrency, timeout_ms / 1000


def serve_jobs(system, version, description, run_job):
    """Answers url-fetch jobs with `run_job(urls, concurrency, timeout_s)` -> outcomes in URL order, until stdin closes.

    If stdin closes while a job runs, the parent has gone (or given up on the answer): leave at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lines = queue.Queue()
    busy = threading.Event()

    def on_eof():
        if busy.is_set():
            with contextlib.suppress(OSError):  # stderr's reader may have gone with the parent
                print(f'{system} reference: stdin closed during a job; leaving without finishing it', file=sys.stderr)
            os._exit(0)
        lines.put(None)

    _watch_stdin(lines.put, on_eof)
    _emit(_greeting('ready', system, version, description))
    while (line := lines.get()) is not None:
        if not line.strip():
            continue
        busy.set()
        try:
            reply = _run(line, run_job)
        finally:
            busy.clear()  # before answering: stdin may close the moment the answer is read, and that is no news
        _emit(reply)
    sys.exit(0)


def _run(line, run_job):
    job_id = None
    try:
        with contextlib.suppress(ValueError, AttributeError):
            job_id = json.loads(line).get('id')
        urls, concurrency, timeout_s = _parse_job(line)
        started = time.perf_counter()
        outcomes = run_job(urls, concurrency, timeout_s)
        return {'id': job_id, 'ok': True, 'elapsedMs': since(started), 'outcomes': outcomes}
    except JobError as exc:
        return {'id': job_id, 'ok': False, 'error': str(exc)}
    except Exception as exc:  # the system itself broke: say so, and stay up for the next job
        traceback.print_exc()
        return {'id': job_id, 'ok': False, 'error': f'{type(exc).__name__}: {exc}'}


def since(started):
    """Milliseconds since `started` (a time.perf_counter() reading)."""
    return round((time.perf_counter() - started) * 1000, 3)


def fetched(status, body, started):
    """The outcome of a response that arrived whole: the body is reduced to its length and CRC-32 here."""
    return {'status': status, 'bytes': len(body), 'crc32': zlib.crc32(body), 'latencyMs': since(started)}


def failed(code, reason, started, status=None):
    """The outcome of a request that failed; `code` is one of impls/contract.ts ERROR_CODES, `reason` an exception
    or a message."""
    if isinstance(reason, BaseException):
        reason = f'{type(reason).__name__}: {reason}' if str(reason) else type(reason).__name__
    outcome = {'error': {'code': code, 'message': reason}, 'latencyMs': since(started)}
    if status is not None:
        outcome['status'] = status
    return outcome
