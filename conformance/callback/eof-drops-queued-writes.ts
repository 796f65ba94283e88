// The peer half-closes while a large write is still queued (the peer is not reading yet) and a read is pending: the
// read meets EOF, and Tornado closes the stream at once. What the kernel had taken still reaches the peer, the rest of
// the queued write is dropped, its callback never runs, and the close callback does.
import { emit } from '../lib/transcript.ts';
import { tcpCase } from '../lib/callback-case.ts';
import { IOLoop, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const BIG = 32 * 1024 * 1024;
let written = false;

function handleStream(stream: IOStream): void {
  function onClose(): void {
    emit('close callback, error', stream.error, 'write callback ran', written);
    loop.stop();
  }

  function onLine(line: Buffer): void {
    emit('line', Buffer.from(line.toString('latin1').trim(), 'latin1'));
    stream.write(Buffer.alloc(BIG, 'x'), () => (written = true));
    emit('writing', stream.writing());
    stream.readBytes(1, (data) => emit('never', data));
  }

  stream.setCloseCallback(onClose);
  stream.readUntil('\n', onLine);
}

tcpCase(handleStream, { send: 'hi\n', shutdown: true, readDelay: 0.5 }, (received) =>
  emit('peer received some but not all', received.length > 0 && received.length < BIG),
);
