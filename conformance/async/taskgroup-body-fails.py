# TaskGroup: a failure in the body cancels the children and is raised in the group with theirs; a body that returns
# normally waits for every child.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
        emit('child finished', name)
    except asyncio.CancelledError:
        emit('child cancelled', name)
        raise


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(child('a', 0.03))
        tg.create_task(child('b', 0.01))
        emit('body returns')
    emit('group done')
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child('c', 1))
            await asyncio.sleep(0.01)
            raise ValueError('body failed')
    except BaseException as err:
        emit('group raised', err, [type(e).__name__ for e in err.exceptions])
    late = child('late', 0)
    try:
        tg.create_task(late)
    except RuntimeError:
        late.close()
        emit('create_task on a finished group: RuntimeError')


asyncio.run(main())
