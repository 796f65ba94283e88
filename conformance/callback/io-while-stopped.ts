// While the loop is stopped nothing runs, but I/O is not lost: bytes that arrive meanwhile wait (in the kernel for
// Tornado, in Node's queue here) and the pending read completes on the next start().
import { emit } from '../lib/transcript.ts';
import { client, type Client } from '../lib/peers.ts';
import { IOLoop, TCPServer, type IOStream } from '../../impls/callback/index.ts';

const loop = IOLoop.current();

class Server extends TCPServer {
  override handleStream(stream: IOStream): void {
    function onData(data: Buffer): void {
      emit('read', data);
      stream.close();
      loop.stop();
    }

    stream.readBytes(4, onData);
    loop.stop();
  }
}

const server = new Server();
let peer: Client;
const steps = [
  () => {
    emit('stopped with a read pending');
    setTimeout(() => {
      emit('starting again');
      loop.start();
    }, 300); // the client sends meanwhile
  },
  () =>
    peer.result(() => {
      emit('done');
      server.stop();
    }),
];
loop.addStopListener(() => steps.shift()?.());
server.listen(0, '127.0.0.1', () => (peer = client(server.port, { send: 'ping', readDelay: 0.2 })));
loop.start();
