# Cancelling the future gather() returned cancels every child; the gathering future then ends with a
# CancelledError as its exception: done, but cancelled() is false (asyncio 3.12), and awaiting it raises.
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


async def main():
    a = asyncio.create_task(child('a'))
    b = asyncio.create_task(child('b'))
    gathered = asyncio.gather(a, b)
    await asyncio.sleep(0.01)
    emit('cancel returns', gathered.cancel())
    try:
        await gathered
    except asyncio.CancelledError:
        emit('await raised CancelledError')
    emit('done', gathered.done(), 'cancelled', gathered.cancelled())
    emit('exception', gathered.exception())
    emit('children cancelled', a.cancelled(), b.cancelled())
    emit('cancel again', gathered.cancel())


asyncio.run(main())
