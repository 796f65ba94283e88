# Semaphore: at most its value inside at once; waiters get in in the order they asked; locked() says whether an
# acquire would wait. BoundedSemaphore refuses an extra release with ValueError. (Each task is given a loop turn to
# get going before the next is created: see await-yields for how task steps interleave otherwise.)
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def user(sem, name, hold):
    emit('wants', name)
    async with sem:
        emit('in', name, 'locked', sem.locked())
        await asyncio.sleep(hold)
    emit('out', name)


async def main():
    sem = asyncio.Semaphore(2)
    users = []
    for name, hold in (('a', 0.1), ('b', 0.4), ('c', 0.1), ('d', 0.4), ('e', 0.1)):
        users.append(asyncio.create_task(user(sem, name, hold)))
        await asyncio.sleep(0)
    await asyncio.gather(*users)
    emit('locked at end', sem.locked())
    bounded = asyncio.BoundedSemaphore(1)
    await bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError:
        emit('extra release: ValueError')
    try:
        asyncio.Semaphore(-1)
    except ValueError:
        emit('negative value: ValueError')


asyncio.run(main())
