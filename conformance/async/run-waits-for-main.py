# asyncio.run keeps the program running for as long as its main task waits, even when nothing in the loop could
# wake it: here only a daemon thread (which does not keep a process alive) sets the event, 0.3 s later.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
import asyncio
import threading
import time


async def main():
    loop = asyncio.get_running_loop()
    event = asyncio.Event()

    def later():
        time.sleep(0.3)
        loop.call_soon_threadsafe(event.set)

    threading.Thread(target=later, daemon=True).start()
    emit('main waits')
    await event.wait()
    emit('main woke')
    return 'main result'


emit('run returned', asyncio.run(main()))
