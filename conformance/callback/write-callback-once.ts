// A write callback runs once everything written so far has been handed to the kernel. A write that is flushed at
// once gets its callback on the next loop turn; a callback given while an earlier one still waits replaces it, so
// only the last of those runs. writing() is true while bytes wait.
import { emit } from '../lib/transcript.ts';
import { tcpCase } from '../lib/callback-case.ts';
import { IOLoop, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();
const BIG = 32 * 1024 * 1024;

function handleStream(stream: IOStream): void {
  function smallDone(name: string): void {
    emit('write callback', name, 'writing', stream.writing());
  }

  function bigPhase(): void {
    stream.write(Buffer.alloc(BIG, 'x'), () => emit('write callback', 'big (replaced)'));
    emit('after the big write: writing', stream.writing());
    stream.write('y', () => {
      emit('write callback', 'last', 'writing', stream.writing());
      stream.close();
    });
  }

  function onLine(): void {
    stream.write('a', () => smallDone('a'));
    stream.write('b', () => smallDone('b'));
    emit('two small writes queued; writing', stream.writing());
    loop.callLater(0.05, bigPhase);
  }

  stream.setCloseCallback(() => loop.stop());
  stream.readUntil('\n', onLine);
}

tcpCase(handleStream, { send: 'go\n', readDelay: 0.3 }, (received) => emit('peer received', received.length === 2 + BIG + 1));
