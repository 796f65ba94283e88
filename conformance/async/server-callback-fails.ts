// startServer: each connection runs the callback as a task; a callback that throws is reported through the exception
// handler and its connection is closed, while the server goes on serving the next one.
import { emit } from '../lib/transcript.ts';
import { openConnection, run, setExceptionHandler, startServer, type StreamReader, type StreamWriter } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}

async function serve(reader: StreamReader, writer: StreamWriter): Promise<void> {
  const line = await reader.readline();
  if (line.toString() === 'fail\n') throw new ValueError('callback failed');
  writer.write(Buffer.concat([Buffer.from('echo '), line]));
  await writer.drain();
  writer.close();
}

await run(async () => {
  setExceptionHandler((context) => emit('handler', context.message.startsWith('Unhandled exception in client'), context.exception));
  const server = await startServer(serve, '127.0.0.1', 0);
  for (const line of ['fail\n', 'hello\n']) {
    const { reader, writer } = await openConnection('127.0.0.1', server.port);
    writer.write(line);
    const reply = await reader.read();
    emit('reply', reply.subarray(0, reply.at(-1) === 10 ? -1 : undefined));
    writer.close();
    await writer.waitClosed();
  }
  server.close();
  await server.waitClosed();
});
