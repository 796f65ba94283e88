# Event: set() wakes every waiter (even if cleared again at once); wait() on a set event returns at once; a waiter
# cancelled while waiting just leaves.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    event = asyncio.Event()

    async def waiter(name):
        emit('waits', name)
        try:
            emit('woke', name, await event.wait())
        except asyncio.CancelledError:
            emit('waiter cancelled', name)
            raise

    waiters = [asyncio.create_task(waiter(name)) for name in 'ab']
    cancelled = asyncio.create_task(waiter('c'))
    await asyncio.sleep(0.01)
    cancelled.cancel()
    await asyncio.sleep(0.01)
    event.set()
    event.clear()
    emit('is_set after set and clear', event.is_set())
    await asyncio.gather(*waiters)
    event.set()
    emit('wait on a set event', await event.wait())


asyncio.run(main())
