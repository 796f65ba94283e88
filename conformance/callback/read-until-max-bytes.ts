// readUntil with maxBytes: a delimiter within the limit is found; when the buffer already holds more than maxBytes
// without the delimiter, readUntil closes the stream and returns (no exception): the read callback never runs and
// the close callback finds UnsatisfiableReadError in stream.error.
import { emit } from '../lib/transcript.ts';
import { tcpCase } from '../lib/callback-case.ts';
import { IOLoop, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

function handleStream(stream: IOStream): void {
  function onClose(): void {
    emit('close callback, error', stream.error);
    loop.stop();
  }

  function onLine(line: Buffer): void {
    emit('line within max_bytes', Buffer.from(line.toString('latin1').replaceAll('\n', '|'), 'latin1'));
    stream.readUntil('\n', (data) => emit('second line', data), { maxBytes: 5 });
    emit('read_until returned; closed', stream.closed());
  }

  stream.setCloseCallback(onClose);
  stream.readUntil('\n', onLine, { maxBytes: 10 });
}

tcpCase(handleStream, { send: 'hi\nabcdefgh' }, () => emit('done'));
