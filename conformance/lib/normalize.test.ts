import { describe, expect, it } from 'vitest';
import { normalizeTranscript } from './normalize.ts';

const asStderr = (text: string): string => text.split('\n').map((l) => `stderr| ${l}`).join('\n');

describe('transcript normalisation', () => {
  it('reduces a chained Python traceback to the class that ended it', () => {
    const raw = ['before', asStderr(`Traceback (most recent call last):
  File "/tmp/tb.py", line 4, in <module>
    try: f()
         ^^^
ZeroDivisionError: division by zero

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/tmp/tb.py", line 5, in <module>
    raise ValueError("bad") from e
ValueError: bad`), 'after'].join('\n');
    expect(normalizeTranscript(raw)).toBe('before\nstderr| traceback ValueError\nafter\n');
  });

  it('names an exception group by its class', () => {
    const raw = asStderr(`  + Exception Group Traceback (most recent call last):
  |   File "/tmp/tb.py", line 9, in <module>
  |     raise ExceptionGroup("grp", [KeyError(1), TypeError('x')])
  | ExceptionGroup: grp (2 sub-exceptions)
  +-+---------------- 1 ----------------
    | KeyError: 1
    +------------------------------------`);
    expect(normalizeTranscript(`${raw}\nnext`)).toBe('stderr| traceback ExceptionGroup\nnext\n');
  });

  it('reduces a JavaScript stack, with the properties console.error prints, to its class', () => {
    const raw = asStderr(`Error: boom
    at [eval]:1:9
    at node:internal/main/eval_string:51:3 {
  code: 'X'
}
HandlerError: h
    at f (file:///x.ts:1:2)`);
    expect(normalizeTranscript(raw)).toBe('stderr| traceback Error\nstderr| traceback HandlerError\n');
  });

  it('keeps gevent\'s failure line with its time and addresses made comparable, and drops comments', () => {
    const raw = `# golden from Python 3.11\nstderr| Sun Nov 29 12:21:45 2026 <Greenlet at 0x7f3a2b: boom> failed with ZeroDivisionError\nexit 0`;
    expect(normalizeTranscript(raw)).toBe('stderr| <time> <Greenlet at 0x?: boom> failed with ZeroDivisionError\nexit 0\n');
  });

  it('leaves ordinary lines alone, including a stderr line that only looks like a class name', () => {
    expect(normalizeTranscript('spawn a\nstderr| Exception in callback <function f>\nstderr| Timeout\nexit 0\n')).toBe(
      'spawn a\nstderr| Exception in callback <function f>\nstderr| Timeout\nexit 0\n',
    );
  });
});
