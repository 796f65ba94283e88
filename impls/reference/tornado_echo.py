"""py-tornado echo: the vmbench echo server in Tornado 6 (the real system the callback style imitates).

A TCPServer whose handle_stream coroutine reads whatever has arrived (up to 64 KiB, Tornado's own read chunk) with
read_bytes(partial=True) and writes it back, waiting for each write to be flushed before reading on.
"""
import asyncio

from _harness import serve_echo, system_imports, terminated

with system_imports():
    import tornado
    from tornado.iostream import StreamClosedError
    from tornado.netutil import bind_sockets
    from tornado.tcpserver import TCPServer

READ_SIZE = 64 * 1024
DESCRIPTION = (f'Tornado {tornado.version} TCPServer + IOStream coroutines (read_bytes partial, await write) '
               "on asyncio's default loop")


class EchoServer(TCPServer):
    async def handle_stream(self, stream, address):
        stream.set_nodelay(True)
        try:
            while True:
                data = await stream.read_bytes(READ_SIZE, partial=True)
                await stream.write(data)
        except StreamClosedError:
            pass  # the client closed or reset: this connection ends, the server goes on


async def serve(host, port, announce):
    sockets = bind_sockets(port, host)  # bound first, so port 0 can be announced as the port it became
    server = EchoServer()
    server.add_sockets(sockets)
    announce(sockets[0].getsockname()[1])
    await terminated()
    server.stop()


if __name__ == '__main__':
    serve_echo('Tornado', tornado.version, DESCRIPTION, lambda host, port, announce: asyncio.run(serve(host, port, announce)))
