# wait_for: on timeout it cancels the work, waits until the work has finished cleaning up, then raises TimeoutError;
# in time, it returns the result. A coroutine runs in the caller's own task (3.12); a timeout of 0 cancels a task
# before it ever starts.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def slow():
    try:
        await asyncio.sleep(1)
    finally:
        emit('cleanup starts')
        await asyncio.sleep(0.02)
        emit('cleanup ends')


async def main():
    me = asyncio.current_task()
    task = asyncio.create_task(slow())
    try:
        await asyncio.wait_for(task, 0.02)
    except TimeoutError:
        emit('TimeoutError', 'task cancelled', task.cancelled())
    emit('cancelling after timeout', me.cancelling())
    emit('in time', await asyncio.wait_for(asyncio.sleep(0.01, 'value'), 1))

    async def which_task():
        await asyncio.sleep(0)
        return asyncio.current_task() is me

    emit('runs in the caller task', await asyncio.wait_for(which_task(), 1))
    started = []

    async def never():
        started.append(True)

    try:
        await asyncio.wait_for(never(), 0)
    except TimeoutError:
        emit('timeout 0: TimeoutError', 'started', len(started))
    emit('no timeout', await asyncio.wait_for(asyncio.sleep(0.01, 'none'), None))


asyncio.run(main())
