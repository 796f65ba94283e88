# Nested timeout() scopes: the scope whose deadline passed raises TimeoutError; an inner scope whose deadline did not
# pass lets the CancelledError through to it; an outer scope is untouched by an inner one's expiry.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    me = asyncio.current_task()
    try:
        async with asyncio.timeout(0.02) as outer:
            try:
                async with asyncio.timeout(1) as inner:
                    await asyncio.sleep(1)
            except asyncio.CancelledError:
                emit('inner scope lets CancelledError through', 'inner expired', inner.expired())
                raise
    except TimeoutError:
        emit('outer TimeoutError', 'outer expired', outer.expired())
    emit('cancelling', me.cancelling())

    async with asyncio.timeout(1) as outer:
        try:
            async with asyncio.timeout(0.02) as inner:
                await asyncio.sleep(1)
        except TimeoutError:
            emit('inner TimeoutError', 'inner expired', inner.expired(), 'outer expired', outer.expired())
        await asyncio.sleep(0.01)
        emit('outer body goes on')
    emit('cancelling', me.cancelling())

    try:
        async with asyncio.timeout(0.05) as outer:
            try:
                async with asyncio.timeout(0.02) as inner:
                    await asyncio.sleep(1)
            except TimeoutError:
                emit('inner TimeoutError first')
                await asyncio.sleep(1)
                emit('not reached')
    except TimeoutError:
        emit('then outer TimeoutError', 'outer expired', outer.expired())
    emit('cancelling', me.cancelling())


asyncio.run(main())
