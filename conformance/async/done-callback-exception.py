# A done-callback that raises is logged by the loop's exception handler ("Exception in callback ..."); the other
# callbacks still run, in the order they were added, after set_result() has returned.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


def handler(loop, context):
    emit('handler', context['message'].startswith('Exception in callback'), context.get('exception'))


def bad(future):
    emit('bad callback runs')
    raise ValueError('from a callback')


def good(future):
    emit('good callback runs', future.result())


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    future = loop.create_future()
    future.add_done_callback(bad)
    future.add_done_callback(good)
    future.set_result(1)
    emit('set_result returned')
    await asyncio.sleep(0)
    emit('after sleep(0)')
    late = loop.create_future()
    late.set_result(2)
    late.add_done_callback(good)
    emit('added to a done future')
    await asyncio.sleep(0)
    emit('end')


asyncio.run(main())
