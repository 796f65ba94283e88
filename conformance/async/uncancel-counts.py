# cancel() counts requests (cancelling()); uncancel() withdraws one and returns what is left. In 3.12 withdrawing the
# last request does not withdraw a cancellation already scheduled for delivery: the next await still raises.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def sleeper():
    await asyncio.sleep(1)


async def main():
    me = asyncio.current_task()
    emit('cancelling', me.cancelling())
    emit('cancel', me.cancel(), me.cancel())
    emit('cancelling', me.cancelling())
    emit('uncancel', me.uncancel(), me.uncancel(), me.uncancel())
    try:
        await asyncio.sleep(0.01)
        emit('sleep completed')
    except asyncio.CancelledError:
        emit('CancelledError delivered after uncancel to 0')
    emit('cancelling', me.cancelling())
    await asyncio.sleep(0.001)
    emit('next sleep completed')

    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0.01)
    emit('cancel child', task.cancel(), task.cancel(), 'cancelling', task.cancelling())
    try:
        await task
    except asyncio.CancelledError:
        emit('child cancelled', task.cancelled(), 'cancelling', task.cancelling())
    emit('cancel a done task', task.cancel(), 'cancelling', task.cancelling())


asyncio.run(main())
