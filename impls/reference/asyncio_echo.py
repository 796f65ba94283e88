"""py-asyncio echo: the vmbench echo server on asyncio streams (the real system the async style imitates).

start_server runs a coroutine per connection: read whatever has arrived (up to 100 KiB, vmbench's read size), write
it back and drain, until the client closes. asyncio sets TCP_NODELAY on every TCP transport itself.
"""
import asyncio

from _harness import serve_echo, terminated

READ_SIZE = 100 * 1024
DESCRIPTION = "asyncio streams (start_server, read / write / drain), a task per connection, on asyncio's default loop"


async def echo(reader, writer):
    try:
        while data := await reader.read(READ_SIZE):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass  # the client reset or vanished: this connection ends, the server goes on
    finally:
        writer.close()


async def serve(host, port, announce):
    server = await asyncio.start_server(echo, host, port)
    announce(server.sockets[0].getsockname()[1])
    await terminated()
    server.close()


if __name__ == '__main__':
    serve_echo('asyncio', None, DESCRIPTION, lambda host, port, announce: asyncio.run(serve(host, port, announce)))
