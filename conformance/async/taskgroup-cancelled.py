# Cancelling the task that runs a TaskGroup cancels the group's children; the group waits for them and the
# CancelledError propagates.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def child(name):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        emit('child cancelled', name)
        raise


async def holder():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child('a'))
            tg.create_task(child('b'))
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        emit('holder got CancelledError')
        raise


async def main():
    task = asyncio.create_task(holder())
    await asyncio.sleep(0.01)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        emit('holder cancelled', task.cancelled())


asyncio.run(main())
