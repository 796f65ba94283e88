"""py-gevent url-fetch: the fan-out in gevent (the real system the fiber style imitates).

A Pool of `concurrency` greenlets maps a fetch over the URLs; each fetch is plain http.client, made cooperative by
gevent's monkey-patched socket, and keeps its connection alive for the next fetch through a small pool of idle
connections. A gevent.Timeout bounds each request from the moment its greenlet starts (its slot) to the last byte.

Only the socket module is patched: the reference's stdin watcher must stay a real thread (see _harness.py).
"""
import http.client
import time
from collections import defaultdict
from urllib.parse import urlsplit

from _harness import failed, fetched, serve_jobs, system_imports

with system_imports():
    import gevent
    from gevent import monkey
    from gevent.pool import Pool

monkey.patch_socket()

LOOP = gevent.config.loop.__module__.split('.')[1]  # libev or libuv, as this gevent is configured
DESCRIPTION = (f'gevent {gevent.__version__} Pool(concurrency).map over http.client on gevent sockets, keep-alive '
               f'connections reused through an idle pool, a gevent.Timeout per request; on {LOOP}')


def error_code(exc):
    if isinstance(exc, gevent.Timeout):
        return 'TIMEOUT'
    if isinstance(exc, ConnectionRefusedError):
        return 'ECONNREFUSED'
    if isinstance(exc, (ConnectionResetError, BrokenPipeError, http.client.IncompleteRead)):
        return 'ECONNRESET'  # RemoteDisconnected is a ConnectionResetError too
    if isinstance(exc, http.client.HTTPException):
        return 'PROTOCOL'
    if isinstance(exc, TimeoutError):
        return 'TIMEOUT'
    return 'OTHER'


class IdleConnections:
    """Keep-alive connections not in use, by (host, port). Greenlets only switch at I/O, so no lock is needed."""

    def __init__(self):
        self._idle = defaultdict(list)

    def take(self, host, port):
        idle = self._idle[host, port]
        return idle.pop() if idle else http.client.HTTPConnection(host, port)

    def give_back(self, conn):
        self._idle[conn.host, conn.port].append(conn)

    def close(self):
        for conns in self._idle.values():
            for conn in conns:
                conn.close()


def fetch_all(urls, concurrency, timeout_s):
    idle = IdleConnections()

    def fetch(url):
        started = time.perf_counter()
        parts = urlsplit(url)
        conn = idle.take(parts.hostname, parts.port or 80)
        try:
            with gevent.Timeout(timeout_s):
                conn.request('GET', parts.path + (f'?{parts.query}' if parts.query else ''))
                response = conn.getresponse()
                body = response.read()
        except (Exception, gevent.Timeout) as exc:  # Timeout is a BaseException; GreenletExit (a kill) passes
            conn.close()
            return failed(error_code(exc), exc, started)
        if response.will_close:
            conn.close()
        else:
            idle.give_back(conn)
        if not 200 <= response.status < 300:
            return failed('HTTP_STATUS', f'HTTP {response.status} {response.reason}', started, response.status)
        return fetched(response.status, body, started)

    try:
        return Pool(concurrency).map(fetch, urls)
    finally:
        idle.close()


if __name__ == '__main__':
    serve_jobs('gevent', gevent.__version__, DESCRIPTION, fetch_all)
