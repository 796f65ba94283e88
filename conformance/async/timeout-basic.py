# timeout(): when the deadline passes the body is cancelled at its await, the scope raises TimeoutError, and the
# task is left as it was (cancelling() back to 0, usable). A finished scope cannot be rescheduled.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    me = asyncio.current_task()
    try:
        async with asyncio.timeout(0.02) as scope:
            emit('has a deadline', scope.when() is not None, 'expired', scope.expired())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                emit('body sees CancelledError', 'cancelling', me.cancelling())
                raise
    except TimeoutError:
        emit('TimeoutError', 'expired', scope.expired(), 'cancelling', me.cancelling())
    emit('task usable', await asyncio.sleep(0.001, 'yes'))
    async with asyncio.timeout(None) as none:
        emit('no deadline', none.when())
        await asyncio.sleep(0.01)
    async with asyncio.timeout(1) as early:
        await asyncio.sleep(0.001)
    emit('finished early', 'expired', early.expired())
    try:
        early.reschedule(None)
    except RuntimeError:
        emit('reschedule after exit: RuntimeError')
    try:
        async with asyncio.timeout(0):
            emit('timeout(0) body starts')
            await asyncio.sleep(0)
            emit('not reached')
    except TimeoutError:
        emit('timeout(0): TimeoutError')


asyncio.run(main())
