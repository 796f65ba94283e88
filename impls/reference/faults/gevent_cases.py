"""The fault cases on gevent, the real reference for the fiber style (scenarios/faults.ts says what each case does;
impls/reference/faults/run_case.py runs one). gevent's own idiom for green HTTP: monkey.patch_all() before anything
else, then the standard library's urllib.request.urlopen (HTTPError for a 500), a gevent.Timeout around a fetch that
needs a deadline.

Idioms: how the caller waits for its children. `joinall` (gevent.joinall, then each greenlet inspected: its value or
its exception), `get` (get() on each in spawn order: the first failure raises). `cancel-parent` has its own: a parent
greenlet that joinalls its children is killed by the caller with a plain `kill`, or is one that killalls its children
in a `finally` block (`killall-finally`); the caller then reports what the dead parent's get() gives.
"""
from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402  (after patch_all, as gevent requires)
import urllib.request  # noqa: E402

import gevent  # noqa: E402
import gevent.event  # noqa: E402

import fault_catalogue as fc  # noqa: E402

SYSTEM = 'gevent'
IDIOMS = dict((case, ['joinall', 'get']) for case in fc.CASES)
IDIOMS['cancel-parent'] = ['kill', 'killall-finally']


def version():
    return 'gevent %s on CPython %s' % (gevent.__version__, sys.version.split()[0])


def _fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.read()


def _child(plan, rec):
    fc.child_starts(rec, plan)
    try:
        if plan.timeout is None:
            body = _fetch(plan.url)
        else:
            with gevent.Timeout(plan.timeout):
                body = _fetch(plan.url)
        return fc.child_uses(rec, plan, body)
    finally:
        rec.child_finally(plan.index)


def _spawn(plans, rec, greenlets):
    for plan in plans:
        greenlet = gevent.spawn(_child, plan, rec)
        if plan.hook_throws:
            greenlet.link(lambda _g, i=plan.index: fc.raise_handler_error(rec, i, 'the link callback'))
        greenlets.append(greenlet)


def _joinall(plans, rec, greenlets):
    _spawn(plans, rec, greenlets)
    gevent.joinall(greenlets)
    return [g.value if g.successful() else g.exception for g in greenlets]


def _get(plans, rec, greenlets):
    _spawn(plans, rec, greenlets)
    return [g.get() for g in greenlets]


_WAITS = {'joinall': _joinall, 'get': _get}


def _parent(idiom, plans, rec, greenlets):
    _spawn(plans, rec, greenlets)
    try:
        gevent.joinall(greenlets)
    finally:
        if idiom == 'killall-finally':
            gevent.killall(greenlets)


def _kill_and_get(parent):
    parent.kill()  # blocks until the parent is dead
    return [parent.get()]


def _nothing_sets(rec):
    rec.fault(0)
    gevent.event.Event().wait()
    return []


def _caller(rec, wait, greenlets):
    """The caller at its wait point: it reports what the wait gave, then how many of its children still run."""
    try:
        results = wait()
    except BaseException as err:  # LoopExit and GreenletExit too: what the wait point threw is the observation
        rec.caller_raised(err)
    else:
        rec.caller_returned(results)
    rec.scope_ended(sum(1 for g in greenlets if not g.ready()))


def _fire_and_forget(rec):
    gevent.sleep(fc.UNJOINED_THROW_AFTER_S)
    fc.fire_and_forget_child(rec)


def run(case, idiom, env, rec):
    plans = fc.plan(case, env)
    greenlets = []
    if case == 'unjoined-child-throws':
        gevent.spawn(_fire_and_forget, rec)
    elif case == 'blocking-timeout':
        # Its timer starts with the hub's next turn, the turn in which the children's greenlets first run.
        gevent.spawn_later(fc.BLOCKING_BURN_START_S, fc.burn_cpu, fc.BLOCKING_BURN_S)
    if case == 'deadlock':
        _caller(rec, lambda: _nothing_sets(rec), greenlets)
    elif case == 'cancel-parent':
        parent = gevent.spawn(_parent, idiom, plans, rec, greenlets)
        gevent.sleep(fc.CANCEL_AFTER_S)
        rec.fault(0)
        _caller(rec, lambda: _kill_and_get(parent), greenlets)
    else:
        _caller(rec, lambda: _WAITS[idiom](plans, rec, greenlets), greenlets)


def linger(seconds):
    gevent.sleep(seconds)
