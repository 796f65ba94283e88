# asyncio.run() cancels the tasks main() left running and waits for them (their finally blocks run) before it
# returns main()'s result.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def leftover(name):
    try:
        await asyncio.sleep(1)
    finally:
        emit('leftover finally', name)


async def main():
    asyncio.create_task(leftover('a'))
    await asyncio.sleep(0.01)
    emit('main returns')
    return 'result'


emit('run returned', asyncio.run(main()))
