"""py-tornado url-fetch: the fan-out in Tornado 6's AsyncHTTPClient (the real system the callback style imitates).

max_clients is the concurrency; a tornado.locks.Semaphore of the same size keeps the requests not yet started out of
the client's own queue, because Tornado times a queued request out after min(connect_timeout, request_timeout)
counted from fetch(): with a whole job queued at once, every URL still waiting when a job outlasts one request
timeout would fail. The contract counts a request's deadline from its slot, so the semaphore hands out the slots
and request_timeout runs from there.

Tornado's default client (simple_httpclient) opens a new connection for every request: no keep-alive.
"""
import asyncio
import time

from _harness import failed, fetched, serve_jobs, system_imports

with system_imports():
    import tornado
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError
    from tornado.httputil import HTTPInputError
    from tornado.iostream import StreamClosedError
    from tornado.locks import Semaphore
    from tornado.simple_httpclient import HTTPStreamClosedError, HTTPTimeoutError

DESCRIPTION = (f'Tornado {tornado.version} AsyncHTTPClient (simple_httpclient: a new connection per request, no '
               "keep-alive), max_clients = concurrency, request_timeout; coroutines on asyncio's default loop")


def error_code(exc):
    if isinstance(exc, HTTPTimeoutError):
        return 'TIMEOUT'
    if isinstance(exc, (HTTPStreamClosedError, StreamClosedError, ConnectionResetError, BrokenPipeError)):
        return 'ECONNRESET'
    if isinstance(exc, HTTPClientError):
        return 'HTTP_STATUS'
    if isinstance(exc, ConnectionRefusedError):
        return 'ECONNREFUSED'
    if isinstance(exc, HTTPInputError):
        return 'PROTOCOL'
    if isinstance(exc, TimeoutError):
        return 'TIMEOUT'
    return 'OTHER'


async def fetch(client, slots, url, timeout_s):
    async with slots:
        started = time.perf_counter()
        try:
            response = await client.fetch(url, connect_timeout=timeout_s, request_timeout=timeout_s)
        except Exception as exc:
            code = error_code(exc)
            status = exc.code if code == 'HTTP_STATUS' else None
            return failed(code, exc, started, status)
        return fetched(response.code, response.body, started)


async def fetch_all(urls, concurrency, timeout_s):
    client = AsyncHTTPClient(force_instance=True, max_clients=concurrency)
    slots = Semaphore(concurrency)
    try:
        return await asyncio.gather(*(fetch(client, slots, url, timeout_s) for url in urls))
    finally:
        client.close()


if __name__ == '__main__':
    serve_jobs('Tornado', tornado.version, DESCRIPTION,
               lambda urls, concurrency, timeout_s: asyncio.run(fetch_all(urls, concurrency, timeout_s)))
