# StreamWriter: write() after write_eof() raises RuntimeError (the bytes could never be sent); reading goes on
# after our EOF; write() after close() is dropped without an error.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def serve(reader, writer):
    data = await reader.read()
    writer.write(b'got ' + data)
    writer.close()


async def main():
    server = await asyncio.start_server(serve, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    emit('can_write_eof', writer.can_write_eof())
    writer.write(b'hello')
    writer.write_eof()
    try:
        writer.write(b' lost')
    except RuntimeError as err:
        emit('write after write_eof', err)
    emit('reply', await reader.read())
    writer.close()
    await writer.wait_closed()
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.close()
    writer.write(b'after close')
    emit('write after close: no error')
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
