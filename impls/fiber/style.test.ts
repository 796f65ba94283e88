/**
 * The style's rule: waiting is done by the hub, never by promises. Only the boundaries may use async/await/.then:
 * the adapter (with the harness), executor-bridge.ts (with the shared executor's promises), and tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const BOUNDARIES = new Set(['adapter.ts', 'executor-bridge.ts']);

function styleSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return styleSources(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts') || BOUNDARIES.has(entry.name)) return [];
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

  it('no style file outside the boundaries uses async, await or .then(', () => {
    const files = styleSources(root);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files
      .map((file) => ({ file: relative(root, file), lines: codeOnly(readFileSync(file, 'utf8')).split('\n') }))
      .flatMap(({ file, lines }) => lines.flatMap((line, i) => (FORBIDDEN.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });
});

/** The regions the report shows side by side with the other styles' (issue #15). */
const REGIONS = ['url-fetch', 'echo', 'cpu-offload', 'race', 'fault-http-500', 'fault-cancel-parent'];

describe('code regions for the report', () => {
  it('marks each region once, closed, around code, with nothing else on its marker lines', () => {
    const found = new Map<string, number>();
    for (const file of styleSources(root)) {
      let open: { name: string; from: number } | undefined;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const where = `${relative(root, file)}:${i + 1}`;
          if (/#(end)?region/.test(line)) expect(line, where).toMatch(/^\/\/ #region [a-z0-9-]+$|^\/\/ #endregion$/);
          const start = /^\/\/ #region (\S+)$/.exec(line);
          if (start) {
            expect(open, `${where}: opened inside ${open?.name}`).toBeUndefined();
            open = { name: start[1]!, from: i };
          } else if (line === '// #endregion') {
            expect(open, `${where}: closes nothing`).toBeDefined();
            expect(i - open!.from, `${where}: empty region`).toBeGreaterThan(3);
            found.set(open!.name, (found.get(open!.name) ?? 0) + 1);
            open = undefined;
          }
        });
      expect(open, `${relative(root, file)}: region ${open?.name} never closed`).toBeUndefined();
    }
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries(REGIONS.map((r) => [r, 1])));
  });
});
