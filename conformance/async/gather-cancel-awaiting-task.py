# Cancelling a task that awaits gather() reaches the gathered children: each is cancelled (its handler runs), and
# the waiting task ends cancelled once they have all finished.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def child(name):
    try:
        await asyncio.sleep(1)
        emit('finish', name)
    except asyncio.CancelledError:
        emit('child cancelled', name)
        raise


async def waiting():
    try:
        await asyncio.gather(child('a'), child('b'))
    except asyncio.CancelledError:
        emit('waiting task got CancelledError')
        raise


async def main():
    task = asyncio.create_task(waiting())
    await asyncio.sleep(0.01)
    emit('cancel', task.cancel())
    try:
        await task
    except asyncio.CancelledError:
        emit('task cancelled', task.cancelled())


asyncio.run(main())
