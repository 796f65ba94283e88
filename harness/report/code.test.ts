/** The code section of a report and `testbed show`'s text, from an extract whose every part the test chooses. */
import { describe, expect, it } from 'vitest';
import { code, region } from '../../test/fixtures/narrative-reports.ts';
import { renderCode, renderCodeText, rowCodeLink } from './code.ts';
import type { CodeExtract } from './code/extract.ts';

const extract: CodeExtract = {
  ...code([
    { ...region('raw', 'url-fetch', ['next'], 1), pieces: [{ file: 'impls/raw/adapter.ts', lines: [{ line: 14, text: 'const s = `a ``` b`;' }, { line: 15, text: 'go(s);' }], uncommitted: true }] },
    { region: 'url-fetch', style: 'fiber', state: 'missing', detail: 'no `// #region url-fetch` in impls/fiber/ yet' },
  ]),
  commit: 'abc1234 (with uncommitted changes)',
  uncommittedFiles: ['impls/raw/adapter.ts'],
};

describe('code side by side', () => {
  const md = renderCode(extract).join('\n');

  it('names the commit and the files shown that differ from it', () => {
    expect(md).toContain('Read from the checkout at commit abc1234 (with uncommitted changes) when the report was written. The tree had uncommitted changes: `impls/raw/adapter.ts` differs from that commit and is shown as in the tree.');
  });

  it('gives each region a table of counts, and each style its code under an anchor the table rows link to', () => {
    expect(md).toMatch(/\| \[raw\]\(#code-url-fetch-raw\) +\| +10 \| +1 \| 1: next +\| impls\/raw\/adapter\.ts 14–15 \(uncommitted\) +\|/);
    expect(md).toMatch(/\| fiber +\| +— \| +— \| — +\| not marked: no `\/\/ #region url-fetch` in impls\/fiber\/ yet \|/);
    expect(md).toContain('<a id="code-url-fetch-raw"></a>\n#### url-fetch · raw');
    // A site in another file than the first piece's is named with its file.
    expect(md).toContain('Error-handling sites (1): impls/raw/scenario.ts line 1 catch clause `catch (err)`. Shared state (1): `next` (impls/raw/scenario.ts line 1).');
  });

  it('fences code with more backticks than it holds', () => {
    expect(md).toContain('````ts\nconst s = `a ``` b`;\ngo(s);\n````');
  });

  it('links a group row to its code only where the code was found', () => {
    expect(rowCodeLink('raw', extract, 'url-fetch', 'raw')).toBe('[raw](#code-url-fetch-raw)');
    expect(rowCodeLink('fiber', extract, 'url-fetch', 'fiber')).toBe('fiber');
    expect(rowCodeLink('raw', undefined, 'url-fetch', 'raw')).toBe('raw');
  });

  it('says when the code could not be read, and shows nothing when the report has none', () => {
    const failed = renderCode({ ...code([]), problems: ["the styles' code could not be read: EACCES"] }).join('\n');
    expect(failed).toContain("Problems reading the code:\n\n- the styles' code could not be read: EACCES");
    expect(renderCode(undefined)).toEqual([]);
  });

  it('prints the same for a terminal with line numbers', () => {
    const text = renderCodeText(extract);
    expect(text).toMatch(/^raw +10 +1 +1 +impls\/raw\/adapter\.ts 14–15 \(uncommitted\)$/m);
    expect(text).toMatch(/^fiber +- +- +- +missing: no `\/\/ #region url-fetch` in impls\/fiber\/ yet$/m);
    expect(text).toContain('14  const s = `a ``` b`;\n15  go(s);');
  });
});
