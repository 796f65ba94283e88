/**
 * The callback style must be callbacks all the way down: no async, await or promise chaining in its code. Only the
 * adapter (the promise boundary the contract requires) and the tests are exempt, and executor.ts may chain the one
 * promise a worker thread's answer comes as (impls/shared/executor.ts), to hand it to loop callbacks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const styleDir = path.dirname(fileURLToPath(import.meta.url));

function styleSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return styleSources(full);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || entry.name.includes('adapter')) return [];
    return [full];
  });
}

/** Blanks out comments and string/template literals so only code is checked. */
export function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
      out += ' ';
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
      out += '""';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const FORBIDDEN = [/\basync\b/, /\bawait\b/, /\.then\s*\(/];
/** Files allowed one of the forbidden patterns, and how many times. */
const ALLOWED: Record<string, { pattern: RegExp; times: number }> = {
  'executor.ts': { pattern: /\.then\s*\(/g, times: 1 },
};

describe('callback style purity', () => {
  const files = styleSources(styleDir);

  it('finds the style sources to check', () => {
    const names = files.map((f) => path.relative(styleDir, f)).sort();
    expect(names).toEqual(expect.arrayContaining(['ioloop.ts', 'iostream.ts', 'httpclient.ts', 'scenarios/url-fetch.ts', 'scenarios/echo.ts', 'scenarios/cpu.ts', 'scenarios/race.ts', 'faults/cases.ts', 'locks.ts', 'executor.ts']));
    expect(names.some((n) => n.includes('adapter') || n.endsWith('.test.ts'))).toBe(false);
  });

  it.each(files.map((f) => [path.relative(styleDir, f), f]))('%s has no async, await or .then(', (name, file) => {
    let code = codeOnly(readFileSync(file, 'utf8'));
    const allowed = ALLOWED[name];
    if (allowed) {
      expect(code.match(allowed.pattern)?.length ?? 0, `${name} may use ${String(allowed.pattern)} ${allowed.times} time(s)`).toBe(allowed.times);
      code = code.replace(allowed.pattern, ' ');
    }
    const hits = FORBIDDEN.filter((re) => re.test(code)).map(String);
    expect(hits).toEqual([]);
  });

  it('the checker itself catches code but not comments or strings', () => {
    const flagged = (src: string) => FORBIDDEN.some((re) => re.test(codeOnly(src)));
    expect(flagged('const f = async () => 1;')).toBe(true);
    expect(flagged('x.then(cb)')).toBe(true);
    expect(flagged('await x;')).toBe(true);
    expect(flagged('// async, await and .then( in a comment\n/* await */ const s = "p.then(x) async";')).toBe(false);
    expect(flagged('class AsyncHTTPClient {}')).toBe(false);
  });
});
