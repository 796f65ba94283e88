// IOLoop.time() is in seconds on the wall clock's scale (Tornado 5.1 returns time.time()), so callAt can be given a
// Date.now()-based deadline; callLater's delay is in seconds.
import { emit } from '../lib/transcript.ts';
import { IOLoop } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
emit('time() within a second of time.time()', Math.abs(loop.time() - Date.now() / 1000) < 1);
const start = loop.time();

function atDeadline(): void {
  emit('call_at(time.time() + 0.2) ran after at least 0.15 s', loop.time() - start >= 0.15);
  loop.stop();
}

loop.callLater(0.1, () => emit('call_later(0.1) ran after at least 0.1 s', loop.time() - start >= 0.1));
loop.callAt(Date.now() / 1000 + 0.2, atDeadline);
loop.start();
