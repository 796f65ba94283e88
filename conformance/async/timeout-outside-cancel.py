# A cancellation from outside a timeout() scope propagates as CancelledError, not TimeoutError, and the scope does
# not count as expired.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def body():
    try:
        async with asyncio.timeout(1) as scope:
            await asyncio.sleep(1)
    except TimeoutError:
        emit('TimeoutError (wrong)')
    except asyncio.CancelledError:
        emit('CancelledError propagates', 'expired', scope.expired())
        raise


async def main():
    task = asyncio.create_task(body())
    await asyncio.sleep(0.01)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        emit('task cancelled', task.cancelled())


asyncio.run(main())
