# TaskGroup: the first child failure cancels the other children and the body; the group waits for all of them and
# raises an ExceptionGroup holding every failure (a child's cleanup failing too); the task running the group is not
# left cancelled.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def failing():
    await asyncio.sleep(0.01)
    emit('child raises')
    raise ValueError('child failed')


async def sibling():
    try:
        await asyncio.sleep(1)
    finally:
        emit('sibling finally')


async def messy():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        emit('messy cleanup raises')
        raise KeyError('cleanup failed')


async def main():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            tg.create_task(sibling())
            tg.create_task(messy())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                emit('body cancelled')
                raise
    except BaseException as err:
        emit('group raised', err, sorted(type(e).__name__ for e in err.exceptions))
        emit('is an Exception', isinstance(err, Exception))
    emit('cancelling', me.cancelling())
    emit('task usable', await asyncio.sleep(0.001, 'yes'))


asyncio.run(main())
