# A task cancelled before it first runs never starts its body, and ends cancelled.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def body():
    emit('body ran (wrong)')


async def main():
    task = asyncio.create_task(body())
    emit('cancel', task.cancel())
    try:
        await task
    except asyncio.CancelledError:
        emit('cancelled', task.cancelled())


asyncio.run(main())
