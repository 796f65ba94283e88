"""The fault cases on Tornado 5.1.1, the release the callback style imitates, in the callback style of
tornado_callbacks.py: fetch(request, callback), whose callback gets every outcome as a response, transport failures
as code 599 with `error` set. Tornado 5.1 is not packaged: run it on Python 3.7 with PYTHONPATH at the tornado/
package of the v5.1.1 tag (harness/faults/references.ts, conformance/lib/pins.ts).
"""
import sys

import tornado
from tornado.httpclient import AsyncHTTPClient, HTTPRequest

import tornado_callbacks

SYSTEM = 'tornado5'
IDIOMS = tornado_callbacks.IDIOMS


def version():
    return 'Tornado %s on CPython %s' % (tornado.version, sys.version.split()[0])


def _fetch(url, timeout, on_response):
    AsyncHTTPClient().fetch(HTTPRequest(url, request_timeout=timeout), on_response)


def run(case, idiom, env, rec):
    tornado_callbacks.run(case, idiom, env, rec, _fetch)


linger = tornado_callbacks.linger
