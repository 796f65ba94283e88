"""The fault cases in Tornado's callback style, shared by tornado_cases.py (Tornado 6) and tornado5_cases.py
(Tornado 5.1), which differ only in how a fetch hands its response to a callback. Python 3.7 compatible.

Callback style: each child's fetch ends in a response callback; a counter in shared state is the join, and the
callback that brings it to zero is where the caller regains control (it gets the responses, errors among them as
responses with `error` set). Nothing joins a callback that raises: the IOLoop logs it and carries on, and the counter
never reaches zero. Idioms: `checks-error` (the response callback tests response.error before using the body, as
Tornado's examples do) and `forgets-check` (it uses the body without testing).
"""
from tornado.concurrent import Future
from tornado.ioloop import IOLoop

import fault_catalogue as fc

IDIOMS = dict((case, ['checks-error', 'forgets-check']) for case in fc.CASES)


class _Join(object):
    """The callback style's join: responses by child, and the callback to call once the last has arrived."""

    def __init__(self, indices, on_all):
        self.waiting = set(indices)
        self.responses = dict((i, None) for i in indices)
        self.on_all = on_all

    def arrived(self, index, response):
        self.responses[index] = response
        self.waiting.discard(index)
        if not self.waiting:
            self.on_all([self.responses[i] for i in sorted(self.responses)])


def _start_child(plan, idiom, rec, fetch, join):
    io_loop = IOLoop.current()
    fc.child_starts(rec, plan)

    def on_response(response):
        try:
            if idiom == 'forgets-check' or not response.error:
                fc.child_uses(rec, plan, response.body.decode('utf-8'))
                if plan.hook_throws:
                    io_loop.add_callback(fc.raise_handler_error, rec, plan.index, 'the callback scheduled on completion')
        finally:
            rec.child_finally(plan.index)
        join.arrived(plan.index, response)

    fetch(plan.url, plan.timeout, on_response)


def run(case, idiom, env, rec, fetch):
    """Runs `case` on the current IOLoop until the caller's scope has ended; `fetch(url, timeout, on_response)`
    starts a request whose response (errors included, as the version allows) reaches `on_response`."""
    io_loop = IOLoop.current()
    plans = fc.plan(case, env)

    def caller_regains_control(responses):
        rec.caller_returned(responses)
        rec.scope_ended(len(join.waiting))
        io_loop.stop()

    join = _Join([p.index for p in plans], caller_regains_control)
    if case == 'unjoined-child-throws':
        io_loop.call_later(fc.UNJOINED_THROW_AFTER_S, fc.fire_and_forget_child, rec)
    elif case == 'cancel-parent':
        # Tornado's callback API has nothing to cancel: no handle on a fetch in flight, no task for the parent. The
        # moment is recorded; the parent ends when its children's callbacks have all run.
        io_loop.call_later(fc.CANCEL_AFTER_S, rec.fault, 0)
    if case == 'deadlock':
        rec.fault(0)
        io_loop.add_future(Future(), lambda future: caller_regains_control([future.result()]))
    for plan in plans:
        _start_child(plan, idiom, rec, fetch, join)
    if case == 'blocking-timeout':
        # After the fetches were started: a first fetch() does its one-off work (imports, the client) synchronously.
        io_loop.call_later(fc.BLOCKING_BURN_START_S, fc.burn_cpu, fc.BLOCKING_BURN_S)
    io_loop.start()


def linger(seconds):
    io_loop = IOLoop.current()
    io_loop.call_later(seconds, io_loop.stop)
    io_loop.start()
