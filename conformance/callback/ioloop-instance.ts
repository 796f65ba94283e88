// IOLoop.instance() is 5.x's alias for IOLoop.current(): the same loop, created on first use.
import { emit } from '../lib/transcript.ts';
import { IOLoop } from '../../impls/callback/index.ts';

const first = IOLoop.instance();
emit('instance() is current()', first === IOLoop.current());
emit('instance() is stable', IOLoop.instance() === first);
first.addCallback(() => {
  emit('ran on it');
  first.stop();
});
first.start();
