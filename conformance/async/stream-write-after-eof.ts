// StreamWriter: write() after writeEof() raises RuntimeError (the bytes could never be sent); reading goes on
// after our EOF; write() after close() is dropped without an error.
import { emit } from '../lib/transcript.ts';
import { RuntimeError, openConnection, run, startServer, type StreamReader, type StreamWriter } from '../../impls/async/index.ts';

async function serve(reader: StreamReader, writer: StreamWriter): Promise<void> {
  const data = await reader.read();
  writer.write(Buffer.concat([Buffer.from('got '), data]));
  writer.close();
}

await run(async () => {
  const server = await startServer(serve, '127.0.0.1', 0);
  let { reader, writer } = await openConnection('127.0.0.1', server.port);
  emit('can_write_eof', writer.canWriteEof());
  writer.write('hello');
  writer.writeEof();
  try {
    writer.write(' lost');
  } catch (err) {
    if (!(err instanceof RuntimeError)) throw err;
    emit('write after write_eof', err);
  }
  emit('reply', await reader.read());
  writer.close();
  await writer.waitClosed();
  ({ reader, writer } = await openConnection('127.0.0.1', server.port));
  writer.close();
  writer.write('after close');
  emit('write after close: no error');
  await writer.waitClosed();
  server.close();
  await server.waitClosed();
});
