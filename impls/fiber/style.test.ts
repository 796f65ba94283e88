/**
 * The style's rule: waiting is done by the hub, never by promises. Only the adapter (the boundary with the
 * harness) and tests may use async/await/.then.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));

function styleSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return styleSources(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || entry.name.includes('adapter')) return [];
    return [path];
  });
}

/** The source with comments removed and string/template literal contents blanked, so only code remains. */
function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      out += ' ';
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && source[i] !== c) i += source[i] === '\\' ? 2 : 1;
      i++;
      out += `${c}${c}`;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const FORBIDDEN = /\basync\b|\bawait\b|\.then\s*\(/;

describe('fiber style purity', () => {
  it('the scanner sees code, not comments or strings', () => {
    expect(FORBIDDEN.test(codeOnly('// await here\nconst s = "async .then(";'))).toBe(false);
    expect(FORBIDDEN.test(codeOnly('const f = async () => 1;'))).toBe(true);
    expect(FORBIDDEN.test(codeOnly('p.then((x) => x)'))).toBe(true);
  });

  it('no style file outside the adapter uses async, await or .then(', () => {
    const files = styleSources(root);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files
      .map((file) => ({ file: relative(root, file), lines: codeOnly(readFileSync(file, 'utf8')).split('\n') }))
      .flatMap(({ file, lines }) => lines.flatMap((line, i) => (FORBIDDEN.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });
});
