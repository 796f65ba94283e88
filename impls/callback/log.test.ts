import { afterEach, describe, expect, it, vi } from 'vitest';
import { appLog, configureLogging, genLog, resetLogging, setupLogging } from './log.ts';

/** Everything written to stderr while `fn` runs. */
function stderrOf(fn: () => void): string {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

afterEach(resetLogging);

describe('Tornado-style logging', () => {
  it('prints the bare message at WARNING and above while nothing is configured (Python\'s last resort)', () => {
    const out = stderrOf(() => {
      genLog.info('not shown');
      genLog.warning('careful');
    });
    expect(out).toBe('careful\n');
  });

  it('after setupLogging (IOLoop.start), formats records as logging.basicConfig: LEVEL:logger:message, then the trace', () => {
    const error = new TypeError('bad');
    const out = stderrOf(() => {
      setupLogging();
      genLog.info('still not shown');
      appLog.error('Exception in callback <function f>', error);
    });
    expect(out).toBe(`ERROR:tornado.application:Exception in callback <function f>\n${error.stack}\n`);
  });

  it('leaves an application\'s own configuration alone, as basicConfig does once logging has a handler', () => {
    const seen: string[] = [];
    configureLogging({ level: 'INFO', handler: (r) => seen.push(`${r.level} ${r.name} ${r.message}`) });
    const out = stderrOf(() => {
      setupLogging();
      genLog.info('Unsatisfiable read, closing connection: x');
    });
    expect(out).toBe('');
    expect(seen).toEqual(['INFO tornado.general Unsatisfiable read, closing connection: x']);
  });
});
