// An echo written as Tornado callback code with the write callback as its backpressure (the next read starts once the
// write has been handed to the kernel, as `yield stream.write(data)` would): a peer that sends 4 MiB and half-closes
// while it reads gets every byte back, then the end of the stream. EOF is met only by a read, and a read is only
// started once the writes before it are done, so nothing queued is lost.
import { emit } from '../lib/transcript.ts';
import { tcpCase } from '../lib/callback-case.ts';
import { IOLoop, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const SENT = Buffer.alloc(4 * 1024 * 1024);
for (let i = 0; i < SENT.length; i++) SENT[i] = i % 256;

function handleStream(stream: IOStream): void {
  function onClose(): void {
    emit('close callback, error', stream.error);
    loop.stop();
  }

  function readNext(): void {
    stream.readBytes(65536, onRead, { partial: true });
  }

  function onRead(data: Buffer): void {
    stream.write(data, readNext);
  }

  stream.setCloseCallback(onClose);
  readNext();
}

tcpCase(handleStream, { send: SENT, shutdown: true }, (received) =>
  emit('peer got every byte back', received.equals(SENT), received.length),
);
