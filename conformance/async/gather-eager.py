# gather() of futures that are already done is done at once, each distinct future counted once; gather() of
# nothing is done at once with an empty list.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result(1)
    gathered = asyncio.gather(f, f)
    emit('done at once', gathered.done())
    emit('result', await gathered)
    empty = asyncio.gather()
    emit('empty done at once', empty.done(), await empty)


asyncio.run(main())
