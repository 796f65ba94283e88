# A failed future that nobody looked at and that is still held when the program ends is reported as the program
# exits ("Future exception was never retrieved"), even though its loop (a Runner never closed) never tore down.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from transcript import emit
# The report comes during interpreter finalization, which puts sys.__stderr__ back: point that at the transcript too.
sys.__stderr__ = sys.stderr
import asyncio

kept = None


async def main():
    global kept
    kept = asyncio.get_running_loop().create_future()
    try:
        raise ValueError('kept')
    except ValueError as err:
        kept.set_exception(err)
    emit('main returns')


runner = asyncio.Runner()
runner.run(main())
emit('end of script')
