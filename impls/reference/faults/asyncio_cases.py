"""The fault cases on asyncio with aiohttp's ClientSession: the real reference for the async style
(scenarios/faults.ts says what each case does; impls/reference/faults/run_case.py runs one).

Idioms: how the caller waits for its children. `gather` (the first error is raised, the others run on),
`gather-rx` (return_exceptions=True: errors come back as values), `taskgroup` (asyncio.TaskGroup: the first error
cancels the siblings and a group of what failed is raised). `cancel-parent` adds two ways for the parent to wait:
`await-each` (its tasks awaited one by one) and `wait` (asyncio.wait, which cancels nothing). Timeouts are
asyncio.wait_for around the fetch, a 500 is raise_for_status().
"""
import asyncio
import sys

import aiohttp

import fault_catalogue as fc

SYSTEM = 'asyncio'
NOTE = (
    'asyncio of CPython 3.11 (Debian\'s python3, the only one with aiohttp here), while the async style follows 3.12; '
    'no row has been taken on 3.12 (wait_for was rebuilt on asyncio.timeout there).'
)
_WAIT_IDIOMS = ['gather', 'gather-rx', 'taskgroup']
IDIOMS = dict((case, list(_WAIT_IDIOMS)) for case in fc.CASES)
IDIOMS['cancel-parent'] = _WAIT_IDIOMS + ['await-each', 'wait']

# One loop for the case and the linger after it, never closed: the runner ends the process with os._exit. Leaving
# asyncio.run would cancel whatever the case left running, and what is left running is an observation.
_loop = asyncio.new_event_loop()
asyncio.set_event_loop(_loop)
_session = None


def version():
    return 'asyncio of CPython %s, aiohttp %s' % (sys.version.split()[0], aiohttp.__version__)


def _client():
    """One ClientSession for the application's life, as aiohttp advises: the end of a case's scope closes nothing."""
    global _session
    if _session is None:
        _session = aiohttp.ClientSession()
    return _session


async def _fetch(url):
    async with _client().get(url) as response:
        response.raise_for_status()
        return await response.read()


async def _child(plan, rec):
    fc.child_starts(rec, plan)
    try:
        if plan.timeout is None:
            body = await _fetch(plan.url)
        else:
            body = await asyncio.wait_for(_fetch(plan.url), plan.timeout)
        return fc.child_uses(rec, plan, body)
    finally:
        rec.child_finally(plan.index)


def _start(plans, rec, tasks, create_task=asyncio.create_task):
    for plan in plans:
        task = create_task(_child(plan, rec))
        if plan.hook_throws:
            task.add_done_callback(lambda _task, i=plan.index: fc.raise_handler_error(rec, i, 'the done-callback'))
        tasks.append(task)


async def _gather(plans, rec, tasks):
    _start(plans, rec, tasks)
    return await asyncio.gather(*tasks)


async def _gather_rx(plans, rec, tasks):
    _start(plans, rec, tasks)
    return await asyncio.gather(*tasks, return_exceptions=True)


async def _taskgroup(plans, rec, tasks):
    async with asyncio.TaskGroup() as group:
        _start(plans, rec, tasks, group.create_task)
    return [task.result() for task in tasks]


async def _await_each(plans, rec, tasks):
    _start(plans, rec, tasks)
    return [await task for task in tasks]


async def _wait(plans, rec, tasks):
    _start(plans, rec, tasks)
    await asyncio.wait(tasks)
    return [task.exception() or task.result() for task in tasks]


_WAITS = {'gather': _gather, 'gather-rx': _gather_rx, 'taskgroup': _taskgroup, 'await-each': _await_each, 'wait': _wait}


async def _caller(rec, waiting, tasks):
    """The caller at its wait point: it reports what the wait gave, then how many of its children still run."""
    try:
        results = await waiting
    except BaseException as err:  # CancelledError too: what the wait point threw is the observation
        rec.caller_raised(err)
    else:
        rec.caller_returned(results)
    rec.scope_ended(sum(1 for task in tasks if not task.done()))


async def _fire_and_forget(rec):
    await asyncio.sleep(fc.UNJOINED_THROW_AFTER_S)
    fc.fire_and_forget_child(rec)


async def _burn_later():
    await asyncio.sleep(fc.BLOCKING_BURN_START_S)
    fc.burn_cpu(fc.BLOCKING_BURN_S)


async def _nothing_sets(rec):
    rec.fault(0)
    await asyncio.Event().wait()
    return []


async def _cancelled_parent(idiom, plans, rec, tasks):
    parent = asyncio.create_task(_WAITS[idiom](plans, rec, tasks))
    await asyncio.sleep(fc.CANCEL_AFTER_S)
    rec.fault(0)
    parent.cancel()
    await _caller(rec, parent, tasks)


_background = set()  # keeps the burn task alive; the fire-and-forget child is left unreferenced on purpose


async def _case(case, idiom, env, rec):
    plans = fc.plan(case, env)
    tasks = []
    if case == 'unjoined-child-throws':
        asyncio.create_task(_fire_and_forget(rec))
    elif case == 'blocking-timeout':
        # Its sleep starts on the loop's next turn, the turn in which the children's tasks take their first step.
        _background.add(asyncio.create_task(_burn_later()))
    if case == 'deadlock':
        await _caller(rec, _nothing_sets(rec), tasks)
    elif case == 'cancel-parent':
        await _cancelled_parent(idiom, plans, rec, tasks)
    else:
        await _caller(rec, _WAITS[idiom](plans, rec, tasks), tasks)


def run(case, idiom, env, rec):
    _loop.run_until_complete(_case(case, idiom, env, rec))


def linger(seconds):
    _loop.run_until_complete(asyncio.sleep(seconds))
