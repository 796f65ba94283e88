// close() while a stream callback is already scheduled: the stream is closed at once, but the close callback waits
// until the scheduled callback has run, and runs once however often close() is called.
import { emit } from '../lib/transcript.ts';
import { tcpCase } from '../lib/callback-case.ts';
import { IOLoop, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

function handleStream(stream: IOStream): void {
  function onClose(): void {
    emit('close callback');
    loop.callLater(0.05, () => loop.stop());
  }

  function onFirst(data: Buffer): void {
    emit('read', data);
    stream.readBytes(2, (rest) => emit('read, scheduled before the close', rest, 'closed', stream.closed()));
    stream.close();
    stream.close();
    emit('closed', stream.closed());
  }

  stream.setCloseCallback(onClose);
  stream.readBytes(2, onFirst);
}

tcpCase(handleStream, { send: 'abcd' }, () => emit('done'));
