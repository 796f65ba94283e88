/**
 * The code extractor on a fake checkout (test/fixtures/code): regions found with their counts, regions nested and
 * split, regions missing or badly marked reported as data, and whether a file differs from the commit.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { changedBetween, extractCode, gitState, type CodeExtract, type RegionCode } from './extract.ts';
import { REGION_NAMES } from './regions.ts';

const root = fileURLToPath(new URL('../../../test/fixtures/code/', import.meta.url));
const git = { commit: 'abc1234', changed: new Set(['impls/callback/nested.ts']) };
const extract = extractCode({ root, styles: ['raw', 'callback', 'fiber', 'async'], regions: REGION_NAMES, git });

function region(style: string, name: string): RegionCode {
  const found = extract.regions.find((r) => r.style === style && r.region === name);
  if (!found) throw new Error(`no row for ${style} ${name}`);
  return found;
}

function found(style: string, name: string): Extract<RegionCode, { state: 'found' }> {
  const r = region(style, name);
  if (r.state !== 'found') throw new Error(`${style} ${name} is ${r.state}: ${r.detail}`);
  return r;
}

describe('code extractor', () => {
  it('gives every style a row for every region asked for, in order', () => {
    expect(extract.regions.map((r) => `${r.style} ${r.region}`)).toEqual(['raw', 'callback', 'fiber', 'async'].flatMap((s) => REGION_NAMES.map((n) => `${s} ${n}`)));
  });

  it('reports a region nobody has marked as missing, not as an error, and a style with no folder the same way', () => {
    expect(region('raw', 'echo')).toMatchObject({ state: 'missing', detail: expect.stringContaining('no `// #region echo` in impls/raw/') });
    expect(REGION_NAMES.map((n) => region('async', n).state)).toEqual(REGION_NAMES.map(() => 'missing'));
  });

  it('counts lines of code without blank lines, comments or markers', () => {
    const fetch = found('raw', 'url-fetch');
    expect(fetch.pieces).toHaveLength(1);
    expect(fetch.pieces[0]!.lines[0]).toEqual({ line: 8, text: 'export function fetchAll(urls: string[], emitter: EventEmitter): Promise<number[]> {' });
    expect(fetch.pieces[0]!.lines.at(-1)).toEqual({ line: 50, text: '}' });
    expect(fetch.linesOfCode).toBe(38); // lines 8–50, less a two-line block comment, a comment line and two blank lines
  });

  it('counts each error-handling site by the rule, and nothing else', () => {
    const sites = found('raw', 'url-fetch').errorSites.map((s) => `${s.line} ${s.kind}`);
    expect(sites).toEqual([
      '13 error handler',
      '23 catch clause',
      '33 error check',
      '34 error check',
      '35 error check',
      '44 rejection handler',
      '45 rejection handler',
      '47 error check',
    ]);
  });

  it('counts the variables nested functions write but do not declare as shared state', () => {
    expect(found('raw', 'url-fetch').sharedState.map((w) => `${w.name}@${w.line}`)).toEqual(['results@15', 'pending@16']);
  });

  it('counts an object handed in as a parameter and changed as shared state, not a parameter reassigned or a local object', () => {
    expect(found('callback', 'fault-cancel-parent').sharedState.map((w) => `${w.name}@${w.line}`)).toEqual(['tally@58']);
  });

  it('counts the fields of this written outside a constructor as shared state', () => {
    expect(found('callback', 'cpu-offload').sharedState.map((w) => w.name)).toEqual(['this.count', 'this.items']);
  });

  it('leaves the markers of a nested region out of the outer one and shows both', () => {
    const outer = found('callback', 'url-fetch');
    expect(outer.pieces[0]!.lines.map((l) => l.text)).toEqual(['let count = 0;', 'const bump = (): number => {', '  count += 1;', '  return count;', '};']);
    expect(outer.pieces[0]!.lines.map((l) => l.line)).toEqual([4, 5, 7, 9, 10]);
    expect(outer.linesOfCode).toBe(5);
    const inner = found('callback', 'race');
    expect(inner.pieces[0]!.lines).toEqual([{ line: 7, text: 'count += 1;' }]);
    expect(inner).toMatchObject({ linesOfCode: 1, sharedState: [{ name: 'count', line: 7 }] });
  });

  it('joins a region marked in two places into pieces, in file order, counting both', () => {
    const echo = found('callback', 'echo');
    expect(echo.pieces.map((p) => [p.lines[0]!.line, p.lines.at(-1)!.line])).toEqual([[16, 18], [26, 28]]);
    expect(echo.linesOfCode).toBe(6);
  });

  it('reports badly marked regions and stray markers as data', () => {
    expect(region('fiber', 'echo')).toMatchObject({ state: 'malformed', detail: expect.stringContaining('#endregion race closes #region echo') });
    expect(region('fiber', 'cpu-offload')).toMatchObject({ state: 'malformed', detail: expect.stringContaining('#region cpu-offload is never closed') });
    expect(region('fiber', 'url-fetch').state).toBe('missing');
    expect(extract.problems).toEqual(['impls/fiber/broken.ts: line 8: #endregion with no #region open']);
  });

  it('names the commit and marks the pieces whose file differs from it', () => {
    expect(extract.commit).toBe('abc1234');
    expect(extract.uncommittedFiles).toEqual(['impls/callback/nested.ts']);
    expect(found('callback', 'echo').pieces.every((p) => p.uncommitted)).toBe(true);
    expect(found('raw', 'url-fetch').pieces[0]!.uncommitted).toBe(false);
  });

  it('tells which regions changed between two extracts (the start and the end of a run)', () => {
    const edited: CodeExtract = structuredClone(extract);
    const race = edited.regions.find((r) => r.style === 'callback' && r.region === 'race')!;
    if (race.state === 'found') race.pieces[0]!.lines[0]!.text = 'count += 2;';
    const fiberEcho = edited.regions.findIndex((r) => r.style === 'fiber' && r.region === 'echo');
    edited.regions[fiberEcho] = { region: 'echo', style: 'fiber', state: 'missing', detail: '' };
    expect(changedBetween(extract, edited)).toEqual(['callback race', 'fiber echo']);
    expect(changedBetween(extract, structuredClone(extract))).toEqual([]);
    expect(changedBetween({ ...extract, regions: [] }, extract)).toEqual([]); // the first read failed: nothing to hold it to
  });

  it('asks git which files under impls/ differ from the commit: changed and untracked ones', () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'testbed-code-git-'));
    onTestFinished(() => rmSync(repo, { recursive: true, force: true }));
    const run = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    mkdirSync(path.join(repo, 'impls', 'raw'), { recursive: true });
    for (const f of ['a.ts', 'b.ts']) writeFileSync(path.join(repo, 'impls', 'raw', f), '// #region race\nexport const x = 1;\n// #endregion\n');
    run('init', '-q');
    run('add', '.');
    run('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'fixture');
    expect(gitState(repo)).toEqual({ commit: expect.stringMatching(/^[0-9a-f]{7,}$/), changed: new Set() });
    writeFileSync(path.join(repo, 'impls', 'raw', 'b.ts'), '// #region race\nexport const x = 2;\n// #endregion\n');
    writeFileSync(path.join(repo, 'impls', 'raw', 'new.ts'), 'export const y = 1;\n');
    const state = gitState(repo);
    expect(state.commit).toMatch(/^[0-9a-f]{7,} \(with uncommitted changes\)$/);
    expect([...state.changed].sort()).toEqual(['impls/raw/b.ts', 'impls/raw/new.ts']);
    const pieces = extractCode({ root: repo, styles: ['raw'], regions: ['race'] });
    expect(pieces.uncommittedFiles).toEqual(['impls/raw/b.ts']);
  });
});
