# Lock: waiters get the lock in the order they asked; release() unlocks at once (locked() is false until the next
# waiter runs) yet a newcomer does not jump the queue; releasing an unlocked Lock raises RuntimeError.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    lock = asyncio.Lock()
    await lock.acquire()

    async def worker(name):
        emit('wants', name)
        async with lock:
            emit('holds', name)
            await asyncio.sleep(0.01)

    workers = [asyncio.create_task(worker(name)) for name in 'abc']
    await asyncio.sleep(0.01)
    lock.release()
    emit('locked right after release', lock.locked())
    await asyncio.sleep(0)
    late = asyncio.create_task(worker('late'))
    await asyncio.gather(*workers, late)
    emit('locked at end', lock.locked())
    try:
        lock.release()
    except RuntimeError:
        emit('release when unlocked: RuntimeError')


asyncio.run(main())
