// fetch() on a closed AsyncHTTPClient raises RuntimeError at once; no callback runs. close() twice is harmless.
import { emit, errName } from '../lib/transcript.ts';
import { AsyncHTTPClient, IOLoop } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const client = new AsyncHTTPClient();
client.close();
client.close();
try {
  client.fetch('http://127.0.0.1:1/', (response) => emit('callback ran', response.code));
} catch (e) {
  emit('fetch raises', errName(e), (e as Error).message);
}
loop.callLater(0.05, () => loop.stop());
loop.addStopListener(() => emit('done'));
loop.start();
