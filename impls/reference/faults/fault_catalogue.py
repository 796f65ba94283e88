"""The parts of scenarios/faults.ts the Python reference modules share: the case ids, the parameters, each case's
children (plan) and the user code that fails. harness/faults/references.test.ts holds the ids and parameters to the
TypeScript catalogue, so the two cannot drift apart. Python 3.7 compatible (the Tornado 5.1 reference runs there).
"""
import time

from recorder import HandlerError, child_url

# impls/contract.ts FAULT_CASE_IDS
CASES = (
    'baseline', 'http-500', 'refused', 'reset-mid-body', 'timeout', 'handler-throws', 'two-fail',
    'unjoined-child-throws', 'cancel-parent', 'blocking-timeout', 'completion-callback-throws', 'deadlock',
)

# scenarios/faults.ts FAULT_PARAMS (times in seconds)
CHILDREN = 5
HEALTHY_PATH = '/delay/200'
REQUEST_TIMEOUT_S = 1.0
HANDLER_THROWS_PATH = '/delay/0'
TWO_FAIL_HTTP_PATH = '/status/500?delay=100'
UNJOINED_THROW_AFTER_S = 0.02
CANCEL_CHILD_PATH = '/delay/2000'
CANCEL_AFTER_S = 0.5
BLOCKING_TIMEOUT_S = 0.2
BLOCKING_BURN_S = 0.4
BLOCKING_BURN_START_S = 0.1

PARAMS = {
    'children': CHILDREN,
    'healthyPath': HEALTHY_PATH,
    'requestTimeoutS': REQUEST_TIMEOUT_S,
    'handlerThrowsPath': HANDLER_THROWS_PATH,
    'twoFailHttpPath': TWO_FAIL_HTTP_PATH,
    'unjoinedThrowAfterS': UNJOINED_THROW_AFTER_S,
    'cancelChildPath': CANCEL_CHILD_PATH,
    'cancelAfterS': CANCEL_AFTER_S,
    'blockingTimeoutS': BLOCKING_TIMEOUT_S,
    'blockingBurnS': BLOCKING_BURN_S,
    'blockingBurnStartS': BLOCKING_BURN_START_S,
}


def burn_cpu(seconds):
    """Busy for `seconds` without yielding to any loop: the blocking work of `blocking-timeout`."""
    until = time.monotonic() + seconds
    x = 0
    while time.monotonic() < until:
        x = (x * 31 + 7) % 1000003
    return x


def refused_url(env, child):
    """scenarios/faults.ts refusedChildUrl: the refused port, tagged like every other URL of the row."""
    return child_url(env['refused_url'], env['tag'], '', child)


class ChildPlan(object):
    """One child of a case, as scenarios/faults.ts sets it up: what it fetches, and how it fails if it does."""

    def __init__(self, index, url, fault_at_request=False, timeout=None, throws=False, hook_throws=False):
        self.index = index
        self.url = url
        #: record.fault(i) just before the request: the request itself is the fault (or its deadline is armed).
        self.fault_at_request = fault_at_request
        #: The per-request timeout in seconds, or None for the client's default.
        self.timeout = timeout
        #: The code that processes the response raises HandlerError.
        self.throws = throws
        #: The child's completion hook raises HandlerError.
        self.hook_throws = hook_throws


def plan(case, env):
    """The children of `case`, in start order. Cases with parts of their own (the fire-and-forget child, the parent,
    the burn, the wait nothing can end) have them built by each system; this is what they share."""
    def url(path, i):
        return child_url(env['base_url'], env['tag'], path, i)

    def healthy(i, **kw):
        return ChildPlan(i, url(HEALTHY_PATH, i), **kw)

    rest = [healthy(i) for i in range(1, CHILDREN)]
    if case == 'baseline':
        return [healthy(0)] + rest
    if case == 'http-500':
        return [ChildPlan(0, url('/status/500', 0), fault_at_request=True)] + rest
    if case == 'refused':
        return [ChildPlan(0, refused_url(env, 0), fault_at_request=True)] + rest
    if case == 'reset-mid-body':
        return [ChildPlan(0, url('/reset', 0), fault_at_request=True)] + rest
    if case == 'timeout':
        t = REQUEST_TIMEOUT_S
        return [ChildPlan(0, url('/hang', 0), fault_at_request=True, timeout=t)] + [healthy(i, timeout=t) for i in range(1, CHILDREN)]
    if case == 'handler-throws':
        return [ChildPlan(0, url(HANDLER_THROWS_PATH, 0), throws=True)] + rest
    if case == 'two-fail':
        return [ChildPlan(0, url(TWO_FAIL_HTTP_PATH, 0), fault_at_request=True), ChildPlan(1, refused_url(env, 1), fault_at_request=True)] + rest[1:]
    if case == 'unjoined-child-throws':
        return rest
    if case == 'cancel-parent':
        return [ChildPlan(i, url(CANCEL_CHILD_PATH, i)) for i in range(CHILDREN)]
    if case == 'blocking-timeout':
        return [ChildPlan(0, url('/hang', 0), fault_at_request=True, timeout=BLOCKING_TIMEOUT_S)] + rest
    if case == 'completion-callback-throws':
        return [healthy(0, hook_throws=True)] + rest
    if case == 'deadlock':
        return []
    raise ValueError('unknown fault case %r' % case)


def child_starts(rec, plan):
    """A child issuing its request: recorded, and the fault with it when the request is the fault."""
    rec.child_start(plan.index)
    if plan.fault_at_request:
        rec.fault(plan.index)


def child_uses(rec, plan, body):
    """A child's user code processing the response it got: it fails where the case says, else the child is done."""
    if plan.throws:
        raise_handler_error(rec, plan.index, 'processing the response')
    rec.child_done(plan.index)
    return body


def raise_handler_error(rec, child, where):
    """User code failing: the fault is recorded as it is about to throw."""
    rec.fault(child)
    raise HandlerError('%s of child %d failed' % (where, child))


def fire_and_forget_child(rec):
    """The body of `unjoined-child-throws`'s child 0, once UNJOINED_THROW_AFTER_S has passed in its system's way."""
    rec.child_start(0)
    try:
        raise_handler_error(rec, 0, 'the fire-and-forget work')
    finally:
        rec.child_finally(0)
