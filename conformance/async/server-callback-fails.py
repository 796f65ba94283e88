# start_server: each connection runs the callback as a task; a callback that raises is reported through the loop's
# exception handler and its connection is closed, while the server goes on serving the next one.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


def handler(loop, context):
    emit('handler', context['message'].startswith('Unhandled exception in client'), context.get('exception'))


async def serve(reader, writer):
    line = await reader.readline()
    if line == b'fail\n':
        raise ValueError('callback failed')
    writer.write(b'echo ' + line)
    await writer.drain()
    writer.close()


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    server = await asyncio.start_server(serve, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    for line in (b'fail\n', b'hello\n'):
        reader, writer = await asyncio.open_connection('127.0.0.1', port)
        writer.write(line)
        emit('reply', (await reader.read()).rstrip(b'\n'))
        writer.close()
        await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
