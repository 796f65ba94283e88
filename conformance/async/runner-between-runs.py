# asyncio.Runner: between two run() calls the loop is not running, so a task the first run left behind waits; it
# goes on in the next run.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio
import time


async def leftover():
    await asyncio.sleep(0.05)
    emit('leftover ran')


async def first():
    asyncio.create_task(leftover())
    return 'first'


with asyncio.Runner() as runner:
    emit('run returned', runner.run(first()))
    time.sleep(0.2)  # outside any run, as the program does something else
    emit('between runs')
    emit('run returned', runner.run(asyncio.sleep(0.1, 'second')))
