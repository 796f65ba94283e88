# Without return_exceptions, gather() hands the first failure to its caller at once. The other children are not
# cancelled: they run on and finish, and a later failure of theirs is retrieved by gather, not reported as lost.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def child(name, delay, fail):
    emit('start', name)
    await asyncio.sleep(delay)
    if fail:
        emit('raise', name)
        raise ValueError(name)
    emit('finish', name)
    return name


async def main():
    a = asyncio.create_task(child('a', 0.2, False))
    b = asyncio.create_task(child('b', 0.01, True))
    c = asyncio.create_task(child('c', 0.1, True))
    gathered = asyncio.gather(a, b, c)
    try:
        await gathered
    except ValueError as err:
        emit('gather raised', err, str(err))
    emit('siblings done', a.done(), c.done())
    emit('gather done', gathered.done(), 'cancelled', gathered.cancelled())
    await asyncio.sleep(0.4)
    emit('a', a.result())
    emit('main returns')


asyncio.run(main())
