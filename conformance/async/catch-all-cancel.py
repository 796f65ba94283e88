# The porting trap: in Python `except Exception` does not catch CancelledError (a BaseException), so a catch-all in
# a cancelled task lets the cancellation through.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def worker():
    try:
        await asyncio.sleep(1)
    except Exception as err:
        emit('catch-all caught', err)
    emit('worker goes on')
    return 'finished'


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(0.01)
    task.cancel()
    try:
        emit('result', await task)
    except asyncio.CancelledError:
        emit('worker cancelled', task.cancelled())


asyncio.run(main())
