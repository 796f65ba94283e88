# gather(return_exceptions=True) hands back every outcome in argument order, failures as values, and lets every
# child finish; the children run in the order they were created.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
import asyncio


async def child(name, delay, fail):
    emit('start', name)
    await asyncio.sleep(delay)
    if fail:
        emit('raise', name)
        raise ValueError(name)
    emit('finish', name)
    return name


async def main():
    results = await asyncio.gather(child('a', 0.5, False), child('b', 0.1, True), child('c', 0.3, False), return_exceptions=True)
    emit('gathered', results)


asyncio.run(main())
