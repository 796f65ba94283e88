// An exception in a callback or a timer is logged by the IOLoop on tornado.application at ERROR, in the format of
// logging.basicConfig (which IOLoop.start() sets up when nothing else is configured), and the loop goes on.
import { emit } from '../lib/transcript.ts';
import { IOLoop } from '../../impls/callback/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}
class KeyError extends Error {
  override name = 'KeyError';
}

const loop = IOLoop.current();

function explode(): void {
  emit('explode');
  throw new ValueError('boom');
}

function timerExplodes(): void {
  emit('timer explodes');
  throw new KeyError('k');
}

loop.addCallback(explode);
loop.addCallback(() => emit('next callback still runs'));
loop.callLater(0.01, timerExplodes);
loop.callLater(0.05, () => loop.stop());
loop.addStopListener(() => emit('done'));
loop.start();
