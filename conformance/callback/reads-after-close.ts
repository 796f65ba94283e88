// What a stream does once the peer has closed: the data sent before the FIN is read first; a read that the buffer
// cannot satisfy then closes the stream without raising (its callback is dropped) and the close callback runs once;
// bytes still buffered can be read after the close; a read the buffer cannot satisfy on a closed stream, and any
// write, raise StreamClosedError at once.
import { emit, errName } from '../lib/transcript.ts';
import { tcpCase } from '../lib/callback-case.ts';
import { IOLoop, StreamClosedError, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

function handleStream(stream: IOStream): void {
  function onClose(): void {
    emit('close callback, error', stream.error);
    stream.readBytes(3, onAfterClose);
  }

  function onAfterClose(data: Buffer): void {
    emit('read after close', data);
    try {
      stream.readBytes(1, () => emit('never'));
    } catch (e) {
      if (!(e instanceof StreamClosedError)) throw e;
      emit('read_bytes on a closed, drained stream raises', errName(e));
    }
    try {
      stream.write('x');
    } catch (e) {
      if (!(e instanceof StreamClosedError)) throw e;
      emit('write on a closed stream raises', errName(e));
    }
    loop.callLater(0.05, () => loop.stop());
  }

  function onFirst(data: Buffer): void {
    emit('read', data);
    // Set only now: a close callback set on an idle, empty stream makes Tornado watch it for the FIN at once,
    // which would race with the first read.
    stream.setCloseCallback(onClose);
    loop.callLater(0.3, readPastTheEnd); // the FIN arrives meanwhile, while 'def' waits unread
  }

  function readPastTheEnd(): void {
    stream.readBytes(10, () => emit('never'));
    emit('read_bytes(10) returned; closed', stream.closed());
  }

  stream.readBytes(3, onFirst);
}

tcpCase(handleStream, { send: 'abcdef', shutdown: 0.1 }, () => emit('done'));
