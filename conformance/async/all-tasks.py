# all_tasks(): the tasks of the running loop that are not done, the current one included.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio


async def main():
    me = asyncio.current_task()
    sleeper = asyncio.create_task(asyncio.sleep(1), name='sleeper')
    quick = asyncio.create_task(asyncio.sleep(0), name='quick')
    await asyncio.sleep(0.01)
    tasks = asyncio.all_tasks()
    emit('count', len(tasks), 'includes current', me in tasks, 'others', sorted(t.get_name() for t in tasks if t is not me))
    sleeper.cancel()
    await asyncio.gather(sleeper, return_exceptions=True)
    emit('after cancel', sorted(t.get_name() for t in asyncio.all_tasks() if t is not me), quick.done())


asyncio.run(main())
