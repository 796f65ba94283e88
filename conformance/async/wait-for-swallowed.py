# asyncio 3.12's wait_for runs under timeout(): when the awaited work swallows the cancellation and returns a value,
# that value is returned, both when the caller was cancelled (the request stays counted in cancelling()) and when the
# deadline passed (no TimeoutError). 3.11 re-raised CancelledError in the first case.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def inner(tag):
    try:
        await asyncio.sleep(1)
        return 'normal'
    except asyncio.CancelledError:
        emit(tag, 'inner swallowed the cancellation')
        await asyncio.sleep(0.01)
        return 'swallowed'


async def caller(tag, as_task):
    me = asyncio.current_task()
    try:
        work = asyncio.create_task(inner(tag)) if as_task else inner(tag)
        result = await asyncio.wait_for(work, 10)
        emit(tag, 'wait_for returned', result, 'cancelling', me.cancelling())
        await asyncio.sleep(0.01)
        emit(tag, 'next sleep completed')
        return 'done'
    except asyncio.CancelledError:
        emit(tag, 'caller got CancelledError')
        raise


async def deadline(tag, as_task):
    work = asyncio.create_task(inner(tag)) if as_task else inner(tag)
    try:
        emit(tag, 'wait_for returned', await asyncio.wait_for(work, 0.02))
    except TimeoutError:
        emit(tag, 'TimeoutError')


async def main():
    for as_task in (False, True):
        kind = 'task' if as_task else 'function'
        task = asyncio.create_task(caller('cancelled caller, ' + kind, as_task))
        await asyncio.sleep(0.02)
        task.cancel()
        try:
            emit('caller result', await task)
        except asyncio.CancelledError:
            emit('caller cancelled', task.cancelled())
        await deadline('deadline passed, ' + kind, as_task)


asyncio.run(main())
