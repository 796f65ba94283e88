# fetch() on a closed AsyncHTTPClient raises RuntimeError at once; no callback runs. close() twice is harmless.
import sys, os
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
from transcript import emit
from tornado.ioloop import IOLoop
from tornado.httpclient import AsyncHTTPClient

loop = IOLoop.current()
client = AsyncHTTPClient(force_instance=True)
client.close()
client.close()
try:
    client.fetch('http://127.0.0.1:1/', lambda response: emit('callback ran', response.code))
except RuntimeError as e:
    emit('fetch raises', e, str(e))
loop.call_later(0.05, loop.stop)
loop.start()
emit('done')
