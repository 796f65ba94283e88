// StreamReader.read(n) returns up to n bytes from everything buffered, across the chunks they arrived in; read(0)
// is empty; read() with no size reads to EOF; at EOF read(n) is empty.
import { emit } from '../lib/transcript.ts';
import { openConnection, run, sleep, startServer, type StreamReader, type StreamWriter } from '../../impls/async/index.ts';

async function serve(_reader: StreamReader, writer: StreamWriter): Promise<void> {
  for (const piece of ['abc', 'defgh', 'ij']) {
    writer.write(piece);
    await writer.drain();
    await sleep(0.03);
  }
  writer.write('klmnop');
  writer.close();
}

await run(async () => {
  const server = await startServer(serve, '127.0.0.1', 0);
  const { reader, writer } = await openConnection('127.0.0.1', server.port);
  await sleep(0.2);
  emit('read(6)', await reader.read(6));
  emit('read(0)', await reader.read(0));
  emit('read(3)', await reader.read(3));
  emit('read()', await reader.read());
  emit('read(10) at EOF', await reader.read(10), 'at_eof', reader.atEof());
  writer.close();
  await writer.waitClosed();
  server.close();
  await server.waitClosed();
});
