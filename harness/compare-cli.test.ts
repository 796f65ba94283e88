import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, echoGroup, runReport } from '../test/fixtures/run-reports.ts';
import { compareCommand, type CompareCommandOptions } from './compare-cli.ts';

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'testbed-compare-'));
  const write = (name: string, data: unknown): Promise<void> => writeFile(file(name), typeof data === 'string' ? data : JSON.stringify(data));
  await Promise.all([
    write('before.json', runReport([echoGroup([cell('raw', [100, 101, 99, 100.5, 99.5]), cell('async', [80, 81, 79, 80.5, 79.5])])])),
    write('after.json', runReport([echoGroup([cell('raw', [101, 99, 100, 100.5, 99.5]), cell('async', [60, 61, 59, 60.5, 59.5])])])),
    write('few.json', runReport([echoGroup([cell('raw', [100])])])),
    write('broken.json', '{"meta": '),
    write('other.json', { name: 'some-package', version: '1.0.0' }),
    write('schema9.json', { ...runReport([]), meta: { ...runReport([]).meta, schema: 9 } }),
    write('no-groups.json', { meta: runReport([]).meta }),
  ]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(options: Partial<CompareCommandOptions> & { files: string[] }): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await compareCommand(options, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('testbed compare', () => {
  it('prints the comparison under the names given and exits 0 without a gate', async () => {
    const r = await run({ files: [file('before.json'), file('after.json')], as: 'old,new' });
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/style +figure +old +new +change/);
    expect(r.out).toMatch(/async +msgs\/s +80\.0 ±\d+% +60\.0 ±\d+% +−25\.0% .*WORSE$/m);
  });

  it('names the sides after the files by default', async () => {
    const r = await run({ files: [file('before.json'), file('after.json')] });
    expect(r.out).toMatch(/style +figure +before +after/);
  });

  it('exits 1 on a significant regression past --fail-on-regression, 0 below it', async () => {
    const files = [file('before.json'), file('after.json')];
    const failed = await run({ files, failOnRegression: '10%' });
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('--fail-on-regression 10%: FAIL');
    expect((await run({ files, failOnRegression: '40' })).code).toBe(0);
  });

  it('writes the markdown to --out', async () => {
    const out = file('cmp.md');
    const r = await run({ files: [file('before.json'), file('after.json')], out });
    expect(r.code).toBe(0);
    expect(await readFile(out, 'utf8')).toMatch(/^## Comparison: before → after\n/);
    expect(r.err).toContain(`comparison written to ${out}`);
  });

  it('warns that one trial a side cannot show anything', async () => {
    const r = await run({ files: [file('few.json'), file('few.json')] });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/style +figure +A +B/); // same file name twice: A and B
    expect(r.out).toContain('warning: 5 of 5 figures have too few trials (n=1+1)');
  });

  const bad: Array<[string, Partial<CompareCommandOptions> & { files: string[] }, RegExp]> = [
    ['a missing file', { files: ['/nonexistent/a.json', 'x'] }, /^error: cannot read \/nonexistent\/a\.json: no such file\n$/],
    ['a directory', { files: [os.tmpdir(), 'x'] }, /it is a directory/],
    ['a file that is not JSON', { files: ['broken.json', 'after.json'] }, /broken\.json is not JSON/],
    ['another tool\'s JSON', { files: ['other.json', 'after.json'] }, /other\.json is not a concurrency-testbed report/],
    ['another schema', { files: ['before.json', 'schema9.json'] }, /schema9\.json is a report of schema 9; this testbed reads schema 1, 2/],
    ['a report without groups', { files: ['no-groups.json', 'after.json'] }, /no-groups\.json is not a complete testbed report: it has no "groups" list/],
    ['one file', { files: ['before.json'] }, /exactly two report files/],
    ['--as with one name', { files: ['before.json', 'after.json'], as: 'before' }, /--as takes two names/],
    ['--as with the same name twice', { files: ['before.json', 'after.json'], as: 'x,x' }, /two different names/],
    ['--fail-on-regression that is not a number', { files: ['before.json', 'after.json'], failOnRegression: 'lots' }, /--fail-on-regression takes a percentage/],
    ['--fail-on-regression below zero', { files: ['before.json', 'after.json'], failOnRegression: '-5' }, /--fail-on-regression takes a percentage/],
  ];
  it.each(bad)('refuses %s with a message and exit code 2', async (_what, options, message) => {
    const files = options.files.map((f) => (f.startsWith('/') ? f : file(f)));
    const r = await run({ ...options, files });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says which --out it could not write', async () => {
    const r = await run({ files: [file('before.json'), file('after.json')], out: path.join(dir, 'missing-dir', 'x.md') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write .*missing-dir\/x\.md: ENOENT/);
  });
});
