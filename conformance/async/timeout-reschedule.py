# Timeout.reschedule(when) moves the deadline to an absolute time on the loop's clock: later, none, or a time
# already past (the scope then expires at once).
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.02) as scope:
            scope.reschedule(loop.time() + 0.3)
            await asyncio.sleep(0.05)
            emit('still running past the first deadline')
            scope.reschedule(None)
            emit('when', scope.when())
            await asyncio.sleep(0.35)
            emit('still running with no deadline')
            scope.reschedule(loop.time() - 1)
            emit('deadline moved into the past')
            await asyncio.sleep(1)
            emit('not reached')
    except TimeoutError:
        emit('TimeoutError', 'expired', scope.expired())


asyncio.run(main())
