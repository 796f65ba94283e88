# asyncio.Runner: run() returns when its main task is done and leaves the tasks main started running; a second run()
# uses the same loop; close() cancels what is still running (its finally blocks run) and waits for it.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio

leftover_task = None


async def leftover():
    try:
        await asyncio.sleep(5)
    finally:
        emit('leftover finally')


async def first():
    global leftover_task
    leftover_task = asyncio.create_task(leftover())
    await asyncio.sleep(0.01)
    return 'first'


async def second():
    await asyncio.sleep(0.01)
    return 'second'


with asyncio.Runner() as runner:
    emit('run returned', runner.run(first()))
    emit('leftover done', leftover_task.done())
    emit('run returned', runner.run(second()))
    emit('leftover done', leftover_task.done())
emit('closed; leftover cancelled', leftover_task.cancelled())
