# StreamReader.read(n) returns up to n bytes from everything buffered, across the chunks they arrived in; read(0)
# is empty; read() with no size reads to EOF; at EOF read(n) is empty.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def serve(reader, writer):
    for piece in (b'abc', b'defgh', b'ij'):
        writer.write(piece)
        await writer.drain()
        await asyncio.sleep(0.03)
    writer.write(b'klmnop')
    writer.close()


async def main():
    server = await asyncio.start_server(serve, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    await asyncio.sleep(0.2)
    emit('read(6)', await reader.read(6))
    emit('read(0)', await reader.read(0))
    emit('read(3)', await reader.read(3))
    emit('read()', await reader.read())
    emit('read(10) at EOF', await reader.read(10), 'at_eof', reader.at_eof())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
