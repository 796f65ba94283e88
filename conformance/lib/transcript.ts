/**
 * The TypeScript half of a conformance case: what it prints is compared, line by line, with what the same steps print
 * against the real Python system (lib/transcript.py is the other half; keep the two in step).
 *
 * Importing this module first sends everything the process writes to stderr into stdout, line by line, prefixed
 * `stderr| `: a style's logging then lands in the transcript in the order it happened, between the case's own
 * events, exactly as the Python half does with sys.stderr. lib/normalize.ts later reduces tracebacks and addresses
 * to what both languages can agree on.
 */

const realStderrWrite = process.stderr.write.bind(process.stderr);
let partial = '';

function captureStderr(chunk: string | Uint8Array, encodingOrCb?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encodingOrCb === 'string' ? encodingOrCb : 'utf8');
  const lines = (partial + text).split('\n');
  partial = lines.pop()!;
  for (const line of lines) process.stdout.write(`stderr| ${line}\n`);
  const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
  done?.();
  return true;
}
process.stderr.write = captureStderr as typeof process.stderr.write;
// An uncaught error ends the script as Python's does: its trace on stderr (so, in the transcript), then status 1.
// Node would print it past process.stderr.write, so it is printed here instead.
function dieOf(err: unknown): void {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : `Uncaught ${String(err)}`}\n`);
  process.exit(1);
}
process.on('uncaughtException', dieOf);
process.on('unhandledRejection', dieOf);
process.on('exit', (code) => {
  if (partial !== '') process.stdout.write(`stderr| ${partial}\n`);
  process.stdout.write(`exit ${code}\n`);
});

/** Keeps the untouched stderr for the one thing a case must not put in its transcript: its own failure to run. */
export function caseBroken(message: string): never {
  realStderrWrite(`conformance case broken: ${message}\n`);
  process.exit(99);
}

/** The name both languages give an error: its class name (`err.name` for JavaScript errors). */
export function errName(err: unknown): string {
  if (err instanceof Error) return err.name;
  if (typeof err === 'object' && err !== null) return (err as object).constructor?.name ?? 'object';
  return typeof err;
}

/** One value as both halves print it: true/false, none, numbers, bare strings, [lists], {sorted: maps}, errors by name. */
export function fmt(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3);
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return String(value);
  if (value instanceof Error) return errName(value);
  if (Buffer.isBuffer(value)) return `b'${value.toString('latin1')}'`;
  if (Array.isArray(value)) return `[${value.map(fmt).join(', ')}]`;
  if (value instanceof Map) return fmt(Object.fromEntries(value));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${k}: ${fmt(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** Prints one transcript line: an event name and its values. */
export function emit(event: string, ...values: unknown[]): void {
  process.stdout.write(`${[event, ...values.map(fmt)].join(' ')}\n`);
}
