# Work in threads: an error raised in the thread is raised at the await; cancelling a task that waits for a call
# ends its wait at once; a call still queued never runs; a running one finishes in its thread, its result dropped.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

gate = threading.Event()
started = threading.Event()
runs = []


def block_until_opened(value):
    started.set()
    gate.wait(10)
    return value


def count_run():
    runs.append(1)
    return len(runs)


def fail_with(message):
    raise TypeError(message)


async def main():
    try:
        await asyncio.to_thread(fail_with, 'bad input in the thread')
    except TypeError as err:
        emit('raised at the await', err, str(err))
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=1)

    async def waits_for(fn, *args):
        return await loop.run_in_executor(pool, fn, *args)

    running = asyncio.create_task(waits_for(block_until_opened, 'opened'))
    for _ in range(2000):
        if started.is_set():
            break
        await asyncio.sleep(0.005)
    queued = asyncio.create_task(waits_for(count_run))
    await asyncio.sleep(0.01)
    running.cancel()
    queued.cancel()
    for name, task in (('running', running), ('queued', queued)):
        try:
            await task
        except asyncio.CancelledError:
            emit(name, 'task cancelled', task.cancelled())
    emit('gate still closed', not gate.is_set())
    gate.set()
    emit('next call counts', await loop.run_in_executor(pool, count_run))
    pool.shutdown(wait=True)
    emit('pool shut down')


asyncio.run(main())
