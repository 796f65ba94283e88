# How task steps interleave: awaiting something that completes without blocking does not suspend a coroutine, so
# a task runs on to its first real wait before the next task starts.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def ready_value():
    return 1


async def worker(name):
    emit('start', name)
    await ready_value()
    emit('after a non-blocking await', name)
    await asyncio.sleep(0)
    emit('after sleep(0)', name)


async def main():
    await asyncio.gather(asyncio.create_task(worker('a')), asyncio.create_task(worker('b')))


asyncio.run(main())
