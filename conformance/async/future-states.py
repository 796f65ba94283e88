# Future: result() and exception() of a pending future raise InvalidStateError; setting a done future again does
# too; a cancelled future raises CancelledError from both; a failed one returns its exception from exception().
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    pending = loop.create_future()
    for name, call in (('result', pending.result), ('exception', pending.exception)):
        try:
            call()
        except asyncio.InvalidStateError as err:
            emit(name, 'of a pending future', err)
    emit('done', pending.done(), 'cancel', pending.cancel(), 'cancelled', pending.cancelled(), 'cancel again', pending.cancel())
    for name, call in (('result', pending.result), ('exception', pending.exception)):
        try:
            call()
        except asyncio.CancelledError as err:
            emit(name, 'of a cancelled future', err)
    failed = loop.create_future()
    failed.set_exception(KeyError('k'))
    emit('exception of a failed future', failed.exception())
    try:
        failed.set_result(1)
    except asyncio.InvalidStateError as err:
        emit('set_result on a done future', err)
    ok = loop.create_future()
    loop.call_soon(ok.set_result, 'later')
    emit('awaited', await ok, 'exception', ok.exception())


asyncio.run(main())
