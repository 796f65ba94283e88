// The reader's limit: a line of exactly `limit` bytes before its newline is fine; readline() past the limit raises
// ValueError and drops that line; readUntil() past the limit raises LimitOverrunError and keeps the bytes for the
// next read. readExactly() short of EOF raises IncompleteReadError with what there was.
import { emit } from '../lib/transcript.ts';
import { IncompleteReadError, LimitOverrunError, ValueError, openConnection, run, sleep, startServer, type StreamReader, type StreamWriter } from '../../impls/async/index.ts';

async function serve(_reader: StreamReader, writer: StreamWriter): Promise<void> {
  writer.write('12345678\n0123456789abcdef\ntail\n123456789012\nrest');
  writer.close();
}

const NEWLINE = Buffer.from('\n');
const strip = (line: Buffer): Buffer => (line.at(-1) === NEWLINE[0] ? line.subarray(0, -1) : line);

await run(async () => {
  const server = await startServer(serve, '127.0.0.1', 0);
  const { reader, writer } = await openConnection('127.0.0.1', server.port, { limit: 8 });
  await sleep(0.1);
  let line = await reader.readline();
  emit('line at the limit', strip(line), line.length);
  try {
    await reader.readline();
  } catch (err) {
    if (!(err instanceof ValueError)) throw err;
    emit('line over the limit', err);
  }
  line = await reader.readline();
  emit('next line', strip(line), line.length);
  try {
    await reader.readUntil(NEWLINE);
  } catch (err) {
    if (!(err instanceof LimitOverrunError)) throw err;
    emit('readuntil over the limit', err, err.consumed);
  }
  try {
    await reader.readExactly(100);
  } catch (err) {
    if (!(err instanceof IncompleteReadError)) throw err;
    emit('readexactly short', err, Buffer.from(err.partial.toString('latin1').replaceAll('\n', '|'), 'latin1'), err.expected);
  }
  emit('readline at EOF', await reader.readline());
  writer.close();
  await writer.waitClosed();
  server.close();
  await server.waitClosed();
});
