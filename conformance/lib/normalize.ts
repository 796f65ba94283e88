/**
 * Reduces a raw transcript (a case's stdout, with its stderr folded in as `stderr| ` lines) to what a Python run and
 * a TypeScript run of the same steps can be held to:
 *
 * - a traceback becomes one line naming the error class, `stderr| traceback <Class>`: a Python traceback block
 *   (chained ones: the last class; exception groups: the group's class) or a JavaScript stack ("Class: message"
 *   followed by "    at …" frames and, from console.error, the error's own properties); file names, line numbers
 *   and messages differ by language, the class must not;
 * - addresses (0x7f3a…) become `0x?`, and wall-clock times (gevent's "Sun Nov 29 12:00:00 2026", ISO stamps) `<time>`;
 * - lines starting with `#` are comments (a golden file's provenance header) and are dropped.
 *
 * Everything else is kept as it is: the point is to see every difference that is not one of these.
 */

const STDERR = 'stderr| ';
const PY_HEADER = /^(?:\s*\+ Exception Group )?Traceback \(most recent call last\):$/;
const PY_CHAIN = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)$/;
const PY_GROUP_CLASS = /^\s*\| ([A-Za-z_][\w.]*)(?::|$)/;
const CLASS_AT_START = /^([A-Za-z_$][\w$.]*)(?::|$| \{$| \[)/;
const JS_FRAME = /^\s+at /;
const ADDRESS = /0x[0-9a-fA-F]+/g;
const CTIME = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \d{4}\b/g;
const ISO_TIME = /\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?Z?\b/g;

function scrub(line: string): string {
  return line.replace(ADDRESS, '0x?').replace(CTIME, '<time>').replace(ISO_TIME, '<time>');
}

const lastPart = (name: string): string => name.split('.').pop()!;

/** The stderr text of line `i`, or undefined when it is not a stderr line. */
function err(lines: readonly string[], i: number): string | undefined {
  const line = lines[i];
  return line !== undefined && line.startsWith(STDERR) ? line.slice(STDERR.length) : undefined;
}

/** A Python traceback starting at `i`: the error class and the index of its last line. */
function pythonTraceback(lines: readonly string[], i: number): { errorClass: string; last: number } {
  let errorClass = 'unknown';
  let j = i + 1;
  for (let t = err(lines, j); t !== undefined; t = err(lines, ++j)) {
    const group = PY_GROUP_CLASS.exec(t);
    if (group && errorClass === 'unknown') errorClass = lastPart(group[1]!);
    if (t.startsWith(' ') || PY_HEADER.test(t)) continue; // frames, source lines, a group's indented body
    const m = CLASS_AT_START.exec(t);
    if (!m) break;
    errorClass = lastPart(m[1]!);
    // "Class: message", then possibly a blank line, a chaining note, and the traceback it led to.
    if (err(lines, j + 1) === '' && PY_CHAIN.test(err(lines, j + 2) ?? '')) {
      j += 3; // past the blank, the note and the blank after it; the loop steps onto the next header
      continue;
    }
    return { errorClass, last: j };
  }
  return { errorClass, last: j - 1 };
}

/** A JavaScript stack whose first line is `i`: the error class and the index of its last line. */
function javascriptStack(lines: readonly string[], i: number): { errorClass: string; last: number } {
  const m = CLASS_AT_START.exec(err(lines, i)!);
  let j = i + 1;
  while (JS_FRAME.test(err(lines, j) ?? '')) j++;
  // console.error(err) prints the error's own properties after a frame ending in " {", closed by "}".
  if ((err(lines, j - 1) ?? '').endsWith(' {')) {
    while (err(lines, j) !== undefined && err(lines, j) !== '}') j++;
    if (err(lines, j) === '}') j++;
  }
  return { errorClass: m ? lastPart(m[1]!) : 'unknown', last: j - 1 };
}

export function normalizeTranscript(raw: string): string {
  const lines = raw.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) continue;
    const text = err(lines, i);
    let block: { errorClass: string; last: number } | undefined;
    if (text !== undefined && PY_HEADER.test(text)) block = pythonTraceback(lines, i);
    else if (text !== undefined && JS_FRAME.test(err(lines, i + 1) ?? '')) block = javascriptStack(lines, i);
    if (block) {
      out.push(`${STDERR}traceback ${block.errorClass}`);
      i = block.last;
    } else {
      out.push(scrub(line));
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
