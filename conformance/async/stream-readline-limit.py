# The reader's limit: a line of exactly `limit` bytes before its newline is fine; readline() past the limit raises
# ValueError and drops that line; readuntil() past the limit raises LimitOverrunError and keeps the bytes for the
# next read. readexactly() short of EOF raises IncompleteReadError with what there was.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def serve(reader, writer):
    writer.write(b'12345678\n0123456789abcdef\ntail\n123456789012\nrest')
    writer.close()


async def main():
    server = await asyncio.start_server(serve, '127.0.0.1', 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection('127.0.0.1', port, limit=8)
    await asyncio.sleep(0.1)
    line = await reader.readline()
    emit('line at the limit', line.rstrip(b'\n'), len(line))
    try:
        await reader.readline()
    except ValueError as err:
        emit('line over the limit', err)
    line = await reader.readline()
    emit('next line', line.rstrip(b'\n'), len(line))
    try:
        await reader.readuntil(b'\n')
    except asyncio.LimitOverrunError as err:
        emit('readuntil over the limit', err, err.consumed)
    try:
        await reader.readexactly(100)
    except asyncio.IncompleteReadError as err:
        emit('readexactly short', err, err.partial.replace(b'\n', b'|'), err.expected)
    emit('readline at EOF', await reader.readline())
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
