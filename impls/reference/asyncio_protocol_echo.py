"""py-asyncio-protocol echo: vmbench's fastest asyncio variant, a Protocol whose data_received writes straight back.

No coroutine, no task per connection: the loop calls the protocol. (No flow control: the load generator keeps one
message in flight per connection, so the write buffer never holds more than one message.)
"""
import asyncio

from _harness import serve_echo, terminated

DESCRIPTION = "asyncio Protocol (data_received -> transport.write), on asyncio's default loop"


class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def serve(host, port, announce):
    server = await asyncio.get_running_loop().create_server(EchoProtocol, host, port)
    announce(server.sockets[0].getsockname()[1])
    await terminated()
    server.close()


def main(system, version, description, run=asyncio.run):
    serve_echo(system, version, description, lambda host, port, announce: run(serve(host, port, announce)))


if __name__ == '__main__':
    main('asyncio', None, DESCRIPTION)
