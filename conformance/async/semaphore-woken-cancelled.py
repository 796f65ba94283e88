# A Semaphore waiter that was woken by release() but cancelled before it could run does not keep the slot: its
# acquire() raises CancelledError and the slot goes to the next waiter.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def waiter(sem, name):
    try:
        await sem.acquire()
    except asyncio.CancelledError:
        emit('acquire raised CancelledError', name)
        raise
    emit('acquired', name)
    await asyncio.sleep(0.01)
    sem.release()
    emit('released', name)


async def main():
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    a = asyncio.create_task(waiter(sem, 'a'))
    b = asyncio.create_task(waiter(sem, 'b'))
    await asyncio.sleep(0.01)
    sem.release()
    a.cancel()
    emit('released and cancelled the woken waiter', 'locked', sem.locked())
    await asyncio.gather(a, b, return_exceptions=True)
    emit('a cancelled', a.cancelled(), 'b done', b.done(), 'locked', sem.locked())


asyncio.run(main())
