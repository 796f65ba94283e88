# A child cancelled on its own (not through gather) counts as a failure with CancelledError: without
# return_exceptions gather raises it at once, is not itself cancelled, and the other children run on.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
        emit('finish', name)
        return name
    except asyncio.CancelledError:
        emit('child cancelled', name)
        raise


async def main():
    a = asyncio.create_task(child('a', 0.1))
    b = asyncio.create_task(child('b', 1))
    gathered = asyncio.gather(a, b)
    await asyncio.sleep(0.01)
    b.cancel()
    try:
        await gathered
    except asyncio.CancelledError:
        emit('gather raised CancelledError', 'cancelled', gathered.cancelled(), 'a done', a.done())
    emit('a', await a)
    results = await asyncio.gather(asyncio.create_task(child('c', 0.01)), b, return_exceptions=True)
    emit('with return_exceptions', results)


asyncio.run(main())
