"""The real systems' primitive costs, for `testbed microbench` to show beside the styles' (harness/microbench.ts).

    microbench.py --json [--quick]

Each primitive runs in batches of BATCH operations timed with perf_counter_ns (one operation is far below the
clock's resolution); after one warm-up batch, REPS batches give REPS per-operation figures, reported with their
median and spread (half their range, relative to the median). A system that is not installed gives its rows as
skipped, with the reason. Standard library plus the systems measured; nothing else.
"""
import argparse
import asyncio
import json
import platform
import statistics
import sys
import time

FULL = {'batch': 20_000, 'reps': 15}
QUICK = {'batch': 2_000, 'reps': 5}


def nothing():
    pass


async def nothing_async():
    pass


def gevent_rows(gevent):
    def spawn_join(n):
        started = time.perf_counter_ns()
        for _ in range(n):
            gevent.spawn(nothing).join()
        return time.perf_counter_ns() - started

    def switch(n):
        started = time.perf_counter_ns()
        for _ in range(n):
            gevent.sleep(0)
        return time.perf_counter_ns() - started

    return [('gevent-spawn-join', 'spawn + join (empty greenlet)', spawn_join),
            ('gevent-switch', 'switch (sleep(0))', switch)]


def asyncio_rows():
    async def create_task(n):
        started = time.perf_counter_ns()
        for _ in range(n):
            await asyncio.create_task(nothing_async())
        return time.perf_counter_ns() - started

    async def sleep_zero(n):
        started = time.perf_counter_ns()
        for _ in range(n):
            await asyncio.sleep(0)
        return time.perf_counter_ns() - started

    return [('asyncio-create-task', 'create_task + await (empty task)', lambda n: asyncio.run(create_task(n))),
            ('asyncio-switch', 'switch (sleep(0))', lambda n: asyncio.run(sleep_zero(n)))]


def tornado_rows(IOLoop):
    async def add_callback(n):
        io_loop = IOLoop.current()
        done = asyncio.get_running_loop().create_future()
        remaining = n

        def step():
            nonlocal remaining
            remaining -= 1
            if remaining:
                io_loop.add_callback(step)
            else:
                done.set_result(None)

        started = time.perf_counter_ns()
        io_loop.add_callback(step)
        await done
        return time.perf_counter_ns() - started

    return [('tornado-add-callback', 'add_callback round trip', lambda n: asyncio.run(add_callback(n)))]


def systems():
    """(system, version, rows or the reason it cannot run), for each system measured."""
    try:
        import gevent
        yield 'gevent', gevent.__version__, gevent_rows(gevent)
    except ImportError as exc:
        yield 'gevent', None, str(exc)
    yield 'asyncio', platform.python_version(), asyncio_rows()
    try:
        import tornado
        from tornado.ioloop import IOLoop
        yield 'Tornado', tornado.version, tornado_rows(IOLoop)
    except ImportError as exc:
        yield 'Tornado', None, str(exc)


def measure(run_batch, batch, reps):
    run_batch(batch)  # warm-up
    samples = [run_batch(batch) / batch for _ in range(reps)]
    median = statistics.median(samples)
    return {'medianNs': median, 'spreadPct': (max(samples) - min(samples)) / 2 / median * 100, 'samplesNs': samples}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--json', action='store_true', required=True, help='print the results as one JSON document')
    parser.add_argument('--quick', action='store_true', help='fewer, smaller batches')
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    rows = []
    for system, version, measured in systems():
        if isinstance(measured, str):
            rows.append({'id': system.lower(), 'system': system, 'skipped': measured})
            continue
        for row_id, name, run_batch in measured:
            rows.append({'id': row_id, 'system': system, 'version': version, 'name': name,
                         **measure(run_batch, sizes['batch'], sizes['reps'])})
    json.dump({'python': platform.python_version(), 'executable': sys.executable, **sizes, 'rows': rows}, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
