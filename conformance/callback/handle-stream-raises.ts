// An exception from handleStream is logged as "Error in connection callback" and the stream is left open: what
// handleStream set up before raising (here a read, and the close callback) goes on working.
import { emit } from '../lib/transcript.ts';
import { tcpCase } from '../lib/callback-case.ts';
import { IOLoop, ValueError, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

function handleStream(stream: IOStream): void {
  function onClose(): void {
    emit('close callback');
    loop.stop();
  }

  function onPing(data: Buffer): void {
    emit('still open, read', data);
    stream.write('pong', () => stream.close());
  }

  stream.setCloseCallback(onClose);
  stream.readBytes(4, onPing);
  throw new ValueError('handler bug');
}

tcpCase(handleStream, { send: 'ping' }, (received) => emit('client got', received));
