# A task that fails while nobody holds it or looks at its exception is reported through the loop's exception handler
# ("Task exception was never retrieved"), never raised anywhere; a retrieved failure is not reported.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


def handler(loop, context):
    emit('handler', context['message'], context.get('exception'))


async def fail(name):
    raise ValueError(name)


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    asyncio.create_task(fail('lost'))
    seen = asyncio.create_task(fail('seen'))
    await asyncio.sleep(0.01)
    emit('seen', seen.exception())
    emit('main goes on')
    await asyncio.sleep(0.01)
    emit('main returns')


asyncio.run(main())
emit('run returned')
