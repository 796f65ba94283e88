// An exception in a stream's read callback is logged twice, as Tornado's IOStream and IOLoop each report it
// ("Uncaught exception, closing connection." then "Exception in callback ..."), the stream is closed with that
// exception as its error, and the close callback runs.
import { emit } from '../lib/transcript.ts';
import { tcpCase } from '../lib/callback-case.ts';
import { IOLoop, ValueError, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

function handleStream(stream: IOStream): void {
  function onClose(): void {
    emit('close callback, error', stream.error, 'closed', stream.closed());
    loop.stop();
  }

  function onData(data: Buffer): void {
    emit('read', data);
    throw new ValueError('reader bug');
  }

  stream.setCloseCallback(onClose);
  stream.readBytes(4, onData);
}

tcpCase(handleStream, { send: 'ping' }, () => emit('done'));
