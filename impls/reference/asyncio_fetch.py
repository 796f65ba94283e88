"""py-asyncio url-fetch: the fan-out in asyncio with aiohttp (the real system the async style imitates).

One ClientSession whose TCPConnector keeps at most `concurrency` connections (reused, keep-alive); a task per URL,
gathered, each holding an asyncio.Semaphore slot while it runs, with a ClientTimeout(total) counted from the slot.
"""
import asyncio
import time

from _harness import failed, fetched, serve_jobs, system_imports

with system_imports():
    import aiohttp

DESCRIPTION = (f'aiohttp {aiohttp.__version__} ClientSession + TCPConnector(limit = concurrency, keep-alive), a task '
               "per URL under an asyncio.Semaphore, gathered, ClientTimeout(total) per request; asyncio's default loop")


def error_code(exc):
    if isinstance(exc, asyncio.TimeoutError):  # aiohttp's ServerTimeoutError is one too
        return 'TIMEOUT'
    if isinstance(exc, aiohttp.ClientConnectorError) and isinstance(exc.os_error, ConnectionRefusedError):
        return 'ECONNREFUSED'
    if isinstance(exc, (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, ConnectionResetError)):
        return 'ECONNRESET'
    if isinstance(exc, aiohttp.ClientResponseError):  # raised for a malformed response (status is not checked by it)
        return 'PROTOCOL'
    return 'OTHER'


async def fetch(session, slots, url, timeout):
    async with slots:
        started = time.perf_counter()
        try:
            async with session.get(url, timeout=timeout) as response:
                body = await response.read()
        except Exception as exc:
            return failed(error_code(exc), exc, started)
        if not 200 <= response.status < 300:
            return failed('HTTP_STATUS', f'HTTP {response.status} {response.reason}', started, response.status)
        return fetched(response.status, body, started)


async def fetch_all(urls, concurrency, timeout_s):
    slots = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        return await asyncio.gather(*(fetch(session, slots, url, timeout) for url in urls))


if __name__ == '__main__':
    serve_jobs('aiohttp', aiohttp.__version__, DESCRIPTION,
               lambda urls, concurrency, timeout_s: asyncio.run(fetch_all(urls, concurrency, timeout_s)))
