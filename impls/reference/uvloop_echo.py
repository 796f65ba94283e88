"""py-uvloop echo: the same asyncio Protocol as asyncio_protocol_echo.py, on uvloop's libuv-based loop."""
from _harness import system_imports

from asyncio_protocol_echo import main

with system_imports():
    import uvloop

DESCRIPTION = f"asyncio Protocol (data_received -> transport.write), on uvloop {uvloop.__version__}'s loop"

if __name__ == '__main__':
    uvloop.install()  # uvloop 0.17's way in: asyncio.run() then builds a uvloop loop
    main('uvloop', uvloop.__version__, DESCRIPTION)
