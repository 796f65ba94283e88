/**
 * For the style's tests: the records its loggers write during each test of the file that calls `captureLogging()`
 * (logging is process-wide, so each test starts with a fresh capturing handler and ends with the default set-up).
 */
import { afterEach, beforeEach } from 'vitest';
import { configureLogging, resetLogging, type LogRecord } from '../log.ts';

/** Call at the top of a test file; read `.records` inside a test. */
export function captureLogging(): { readonly records: LogRecord[] } {
  const capture = { records: [] as LogRecord[] };
  beforeEach(() => {
    capture.records = [];
    resetLogging();
    configureLogging({ handler: (record) => capture.records.push(record) });
  });
  afterEach(resetLogging);
  return capture;
}
