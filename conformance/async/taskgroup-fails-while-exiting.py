# TaskGroup: the last child failing while the group is already waiting at its end (the body has returned) cancels
# the task running the group; that cancellation is thrown into the group's own wait and taken there, so it does not
# reach the code after the group. (In 3.12 the request is not withdrawn: cancelling() stays 1; 3.13 withdraws it.)
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def fails_later():
    await asyncio.sleep(0.3)
    emit('child raises')
    raise ValueError('child failed')


async def sibling():
    await asyncio.sleep(0.05)
    emit('sibling returns')


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fails_later())
            tg.create_task(sibling())
            emit('body returns')
    except ExceptionGroup as group:
        emit('group raised', group, group.exceptions)
    emit('cancelling', asyncio.current_task().cancelling())
    await asyncio.sleep(0.01)
    emit('main went on')
    return 'main result'


emit('run returned', asyncio.run(main()))
