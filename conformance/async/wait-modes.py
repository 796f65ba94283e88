# wait(): FIRST_COMPLETED, FIRST_EXCEPTION and ALL_COMPLETED split the futures into done and pending without
# raising or cancelling anything; a timeout returns what is done so far. Coroutines are refused (3.12).
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def fail_after(delay):
    await asyncio.sleep(delay)
    raise ValueError('failed')


async def main():
    def start():
        return {
            'fast': asyncio.create_task(asyncio.sleep(0.01, 'fast')),
            'failing': asyncio.create_task(fail_after(0.05)),
            'slow': asyncio.create_task(asyncio.sleep(0.3, 'slow')),
        }

    def names(tasks, subset):
        return sorted(name for name, t in tasks.items() if t in subset)

    for mode in (asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED):
        tasks = start()
        done, pending = await asyncio.wait(tasks.values(), return_when=mode)
        emit(mode, 'done', names(tasks, done), 'pending', names(tasks, pending))
        for t in pending:
            t.cancel()
        await asyncio.wait(tasks.values())
        if not tasks['failing'].cancelled():
            tasks['failing'].exception()
    slow = asyncio.create_task(asyncio.sleep(1))
    done, pending = await asyncio.wait([slow], timeout=0.01)
    emit('timeout', 'done', len(done), 'pending', len(pending), 'cancelled', slow.cancelled())
    slow.cancel()
    coro = asyncio.sleep(0)
    try:
        await asyncio.wait([coro])
    except TypeError as err:
        emit('a coroutine', err)
    coro.close()


asyncio.run(main())
