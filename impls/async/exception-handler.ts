/**
 * Where the layer reports errors nobody else will see (asyncio's loop.call_exception_handler): a task failure nobody
 * retrieved, an exception thrown by a done-callback, a failure during run()'s teardown, a client session left open.
 */
import type { Future } from './future.ts';

/** What a report carries, with asyncio's keys: `message`, `exception`, and what it concerns (`future`, ...). */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  future?: Future<unknown>;
  [key: string]: unknown;
}
export type ExceptionHandler = (context: ExceptionContext) => void;

let exceptionHandler: ExceptionHandler | undefined;

/** Replaces where unretrieved and stray exceptions are reported; `undefined` restores the stderr default. */
export function setExceptionHandler(handler: ExceptionHandler | undefined): void {
  exceptionHandler = handler;
}

/**
 * Reports through the handler set with setExceptionHandler, or to stderr the way asyncio's default handler logs:
 * the message, then every other key as `key: value` (sorted), then the exception's stack. Any module of the layer
 * may call it.
 */
export function callExceptionHandler(context: ExceptionContext): void {
  if (exceptionHandler) {
    try {
      exceptionHandler(context);
      return;
    } catch (err) {
      context = { message: 'Unhandled error in the exception handler', exception: err };
    }
  }
  const lines = [context.message];
  for (const key of Object.keys(context).sort()) {
    if (key !== 'message' && key !== 'exception' && context[key] !== undefined) lines.push(`${key}: ${String(context[key])}`);
  }
  const { exception } = context;
  if (exception !== undefined) lines.push(exception instanceof Error ? (exception.stack ?? String(exception)) : String(exception));
  process.stderr.write(`${lines.join('\n')}\n`);
}
