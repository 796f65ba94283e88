# Queue: items come out in FIFO order; an item put while a getter waits stays in the queue until that getter runs;
# a bounded queue makes put() wait for room; join() waits until task_done() was called for every item.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    queue = asyncio.Queue()

    async def getter(name):
        item = await queue.get()
        emit('got', name, item)
        queue.task_done()

    getters = [asyncio.create_task(getter(name)) for name in 'ab']
    await asyncio.sleep(0.01)
    queue.put_nowait(1)
    emit('qsize right after put with a getter waiting', queue.qsize(), 'empty', queue.empty())
    queue.put_nowait(2)
    await asyncio.gather(*getters)
    await queue.join()
    emit('joined', queue.qsize())

    bounded = asyncio.Queue(1)
    await bounded.put('x')
    emit('full', bounded.full())
    try:
        bounded.put_nowait('z')
    except asyncio.QueueFull:
        emit('put_nowait on a full queue: QueueFull')
    putter = asyncio.create_task(bounded.put('y'))
    await asyncio.sleep(0.01)
    emit('putter waiting', not putter.done())
    emit('get', await bounded.get())
    await putter
    emit('after the putter', bounded.qsize(), bounded.get_nowait())
    try:
        bounded.get_nowait()
    except asyncio.QueueEmpty:
        emit('get_nowait on an empty queue: QueueEmpty')
    for _ in range(2):
        bounded.task_done()
    try:
        bounded.task_done()
    except ValueError:
        emit('task_done too often: ValueError')


asyncio.run(main())
