# shield(): cancelling the task that awaits a shielded task raises CancelledError in that task only; the shielded
# task runs on and finishes. Cancelling the inner task itself cancels the shield too.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def inner(name, delay):
    try:
        await asyncio.sleep(delay)
        emit('inner finished', name)
        return name
    except asyncio.CancelledError:
        emit('inner cancelled', name)
        raise


async def outer(task):
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        emit('outer got CancelledError')
        raise


async def main():
    shielded = asyncio.create_task(inner('a', 0.1))
    waiting = asyncio.create_task(outer(shielded))
    await asyncio.sleep(0.01)
    waiting.cancel()
    try:
        await waiting
    except asyncio.CancelledError:
        emit('outer cancelled', waiting.cancelled())
    emit('inner done yet', shielded.done())
    emit('inner result', await shielded)

    other = asyncio.create_task(inner('b', 1))
    shield = asyncio.shield(other)
    await asyncio.sleep(0.01)
    other.cancel()
    try:
        await shield
    except asyncio.CancelledError:
        emit('shield cancelled with its inner task', shield.cancelled())


asyncio.run(main())
