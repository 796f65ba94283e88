/**
 * Where the layer reports errors nobody else will see (asyncio's loop.call_exception_handler): a task failure nobody
 * retrieved, an exception thrown by a done-callback, a failure during run()'s teardown.
 */
import type { Future } from './future.ts';

export interface ExceptionContext {
  message: string;
  error?: unknown;
  future?: Future<unknown>;
}
export type ExceptionHandler = (context: ExceptionContext) => void;

let exceptionHandler: ExceptionHandler | undefined;

/** Replaces where unretrieved and stray exceptions are reported; `undefined` restores the stderr default. */
export function setExceptionHandler(handler: ExceptionHandler | undefined): void {
  exceptionHandler = handler;
}

/** Reports through the handler set with setExceptionHandler, or to stderr. Any module of the layer may call it. */
export function callExceptionHandler(context: ExceptionContext): void {
  if (exceptionHandler) {
    try {
      exceptionHandler(context);
      return;
    } catch (err) {
      context = { message: 'Unhandled error in the exception handler', error: err };
    }
  }
  const lines = [context.message];
  if (context.future) lines.push(`future: ${String(context.future)}`);
  if (context.error !== undefined) lines.push(context.error instanceof Error ? (context.error.stack ?? String(context.error)) : String(context.error));
  process.stderr.write(`${lines.join('\n')}\n`);
}
