# A Queue getter woken by put() but cancelled before it could run does not take the item: its get() raises
# CancelledError and the item goes to the next getter. A getter cancelled while waiting loses nothing either.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    queue = asyncio.Queue()
    a = asyncio.create_task(queue.get())
    b = asyncio.create_task(queue.get())
    c = asyncio.create_task(queue.get())
    await asyncio.sleep(0.01)
    c.cancel()
    await asyncio.sleep(0.01)
    queue.put_nowait('item')
    a.cancel()
    emit('b got', await b, 'a cancelled', a.cancelled(), 'c cancelled', c.cancelled(), 'qsize', queue.qsize())
    queue.put_nowait('kept')
    emit('qsize', queue.qsize(), 'get', await queue.get())


asyncio.run(main())
