// IOLoop.start() blocks until stop(): a running loop with nothing to do (no callback, no timer, no socket) keeps the
// program alive. Here the only thing that ends it is a signal, sent by a helper process 0.3 s in, whose handler stops
// the loop with addCallbackFromSignal.
import { spawn } from 'node:child_process';
import { emit } from '../lib/transcript.ts';
import { IOLoop } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

process.on('SIGUSR2', () => {
  emit('signal arrived');
  loop.addCallbackFromSignal(() => loop.stop());
});
// Unref'd: the helper must not be what keeps this process alive.
spawn('sh', ['-c', `sleep 0.3; kill -USR2 ${process.pid}`], { stdio: 'ignore' }).unref();
emit('starting a loop with nothing to do');
loop.addStopListener(() => emit('start() returned'));
loop.start();
