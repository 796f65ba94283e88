/**
 * Tornado's three loggers (tornado.application, tornado.general, tornado.access) on as much of Python's logging as
 * they need, so that the style's reports read as Tornado 5.1's do:
 *
 * - Until something is configured, a record at WARNING or above is printed as its bare message (Python's "last
 *   resort" handler); below WARNING nothing is printed.
 * - `IOLoop.start()` calls `setupLogging()`, which, as Tornado's `_setup_logging` calling `logging.basicConfig()`,
 *   installs the default handler when none is configured: WARNING and above, formatted `LEVEL:logger:message`
 *   (e.g. `ERROR:tornado.application:Exception in callback ...`), then the error's stack where Python prints the
 *   traceback.
 * - `configureLogging` is the application's `logging.basicConfig(...)`: its own level, or its own handler (tests
 *   capture records this way). Whoever configures first wins, as with basicConfig; `resetLogging` undoes it.
 *
 * Everything goes to stderr, synchronously (Node writes pipes and files synchronously), so a report made at exit is
 * not lost.
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

const SEVERITY: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

export interface LogRecord {
  level: LogLevel;
  /** The logger's name, e.g. `tornado.application`. */
  name: string;
  message: string;
  /** The error whose traceback Python's `exc_info=True` would print. */
  error?: unknown;
}

export type LogHandler = (record: LogRecord) => void;

/** The text Python prints for `exc_info`: JavaScript's nearest equivalent is the stack. */
function traceback(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `Uncaught ${String(error)}`;
}

function write(text: string): void {
  process.stderr.write(`${text}\n`);
}

function withTraceback(text: string, error: unknown): string {
  return error === undefined ? text : `${text}\n${traceback(error)}`;
}

/** logging.basicConfig()'s handler: `LEVEL:name:message`, then the traceback. */
export const basicHandler: LogHandler = (record) => write(withTraceback(`${record.level}:${record.name}:${record.message}`, record.error));

/** Python's last-resort handler, used while nothing is configured: the bare message. */
const lastResort: LogHandler = (record) => write(withTraceback(record.message, record.error));

let handler: LogHandler | null = null;
let threshold = SEVERITY.WARNING;

/** The application's logging set-up (Python's `logging.basicConfig`); ignored once logging is configured. */
export function configureLogging(options: { level?: LogLevel; handler?: LogHandler } = {}): void {
  if (handler !== null) return;
  handler = options.handler ?? basicHandler;
  threshold = SEVERITY[options.level ?? 'WARNING'];
}

/** Forgets the configuration, back to the last-resort handler (for tests). */
export function resetLogging(): void {
  handler = null;
  threshold = SEVERITY.WARNING;
}

/** @internal Called by IOLoop.start(): Tornado's `_setup_logging`, the default set-up when there is none. */
export function setupLogging(): void {
  configureLogging();
}

export class Logger {
  constructor(readonly name: string) {}

  error(message: string, error?: unknown): void {
    this.log('ERROR', message, error);
  }

  warning(message: string, error?: unknown): void {
    this.log('WARNING', message, error);
  }

  info(message: string, error?: unknown): void {
    this.log('INFO', message, error);
  }

  private log(level: LogLevel, message: string, error: unknown): void {
    if (handler === null) {
      if (SEVERITY[level] >= SEVERITY.WARNING) lastResort({ level, name: this.name, message, error });
    } else if (SEVERITY[level] >= threshold) {
      handler({ level, name: this.name, message, error });
    }
  }
}

/** Errors in application callbacks ("Exception in callback ...", "Uncaught exception, closing connection."). */
export const appLog = new Logger('tornado.application');
/** Tornado's own problems and notices (an unsatisfiable read, a full read buffer). */
export const genLog = new Logger('tornado.general');
