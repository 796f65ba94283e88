"""The fault cases on Tornado 6 (Debian's python3), in the callback style of tornado_callbacks.py.

Tornado 6 removed fetch(url, callback): a callback program gets fetch(request, raise_error=False)'s Future and hands
it to IOLoop.add_future, whose callback takes the response with future.result(). raise_error=False only turns HTTP
error codes into responses; every other failure (refused, reset, timeout) is raised by result() inside that callback,
so the response callback never runs. tornado5_cases.py runs the same cases on Tornado 5.1, where such failures arrive
as responses with code 599 and `error` set.
"""
import asyncio
import sys

import tornado
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.ioloop import IOLoop

import tornado_callbacks

SYSTEM = 'tornado'
IDIOMS = tornado_callbacks.IDIOMS
NOTE = (
    'Tornado 6, not the 5.1 the callback style imitates: fetch(url, callback) is gone, so each fetch is '
    'fetch(request, raise_error=False) with IOLoop.add_future. Only HTTP error codes come back as responses; a refused '
    'connection, a reset or a timeout is raised by future.result() in the add_future callback and logged by the IOLoop '
    '("Exception in callback"), so the response callback (and its finally) never runs. Rows that differ from 5.1 '
    '(py-tornado5) for that reason: refused, reset-mid-body, timeout, two-fail and blocking-timeout. With checks-error '
    'the caller hangs with the error only logged, where 5.1 hands it a 599 response; with forgets-check both hang, but '
    'here the failing child\'s finally never runs. Every other row agrees with 5.1. Logging is Python\'s last-resort '
    'handler (message and traceback), where 5.1\'s IOLoop.start() calls logging.basicConfig().'
)

# Tornado 6's IOLoop wraps the current asyncio loop; set one first, as IOLoop.current() no longer creates it.
asyncio.set_event_loop(asyncio.new_event_loop())


def version():
    return 'Tornado %s on CPython %s' % (tornado.version, sys.version.split()[0])


def _fetch(url, timeout, on_response):
    future = AsyncHTTPClient().fetch(HTTPRequest(url, request_timeout=timeout), raise_error=False)
    IOLoop.current().add_future(future, lambda f: on_response(f.result()))


def run(case, idiom, env, rec):
    tornado_callbacks.run(case, idiom, env, rec, _fetch)


linger = tornado_callbacks.linger
