/**
 * "Code side by side": each style's scenario code as the report's checkout held it (code/extract.ts), region by
 * region, with its lines of code, its error-handling sites and the state its callbacks or tasks share, counted by one
 * rule for every style (code/count.ts). Also the links from a group table's rows to the code they ran, and the plain
 * text `testbed show` prints. Pure: same extract in, same text out.
 */
import { markdownTable } from 'markdown-table';
import type { GroupParams } from '../results.ts';
import { anchor, codeAnchorId, linkTo, SECTION } from './anchors.ts';
import { ERROR_SITE_RULE, SHARED_STATE_RULE } from './code/rules.ts';
import type { CodeExtract, CodePiece, RegionCode } from './code/extract.ts';
import type { RegionName } from './code/regions.ts';
import { SCENARIO_REGIONS } from './code/scenarios.ts';

type Found = Extract<RegionCode, { state: 'found' }>;

const span = (p: CodePiece): string => `${p.lines[0]?.line ?? '?'}–${p.lines[p.lines.length - 1]?.line ?? '?'}`;
const where = (r: Found): string => r.pieces.map((p) => `${p.file} ${span(p)}${p.uncommitted ? ' (uncommitted)' : ''}`).join('; ');
const sharedList = (r: Found): string => r.sharedState.map((w) => w.name).join(', ');

/** The code's provenance: the commit, and what in the tree differed from it. `when`: "when the report was written". */
export function provenance(extract: CodeExtract, when: string): string {
  const files = extract.uncommittedFiles.map((f) => `\`${f}\``);
  const uncommitted = files.length
    ? ` The tree had uncommitted changes: ${files.join(', ')} ${files.length === 1 ? 'differs' : 'differ'} from that commit and ${files.length === 1 ? 'is' : 'are'} shown as in the tree.`
    : ' The files shown are as committed.';
  const changed = extract.changedDuringRun?.length
    ? ` **The sources of ${extract.changedDuringRun.join(', ')} changed while the run measured**: what a row ran may differ from what is shown.`
    : '';
  return `Read from the checkout at commit ${extract.commit} ${when}.${uncommitted}${changed}`;
}

/** The regions in the extract, in order. */
function regionNames(extract: CodeExtract): RegionName[] {
  return [...new Set(extract.regions.map((r) => r.region))];
}

function fence(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function sitesLine(r: Found): string {
  // Lines are the first piece's file's unless said.
  const at = (file: string, line: number): string => `${file === r.pieces[0]?.file ? '' : `${file} `}line ${line}`;
  const sites = r.errorSites.map((s) => `${at(s.file, s.line)} ${s.kind} \`${s.what}\``);
  const shared = r.sharedState.map((w) => `\`${w.name}\` (${at(w.file, w.line)})`);
  return [
    `Error-handling sites (${r.errorSites.length}): ${sites.length ? sites.join('; ') : 'none'}.`,
    `Shared state (${r.sharedState.length}): ${shared.length ? shared.join(', ') : 'none'}.`,
  ].join(' ');
}

function regionMarkdown(extract: CodeExtract, region: RegionName): string[] {
  const rows = extract.regions.filter((r) => r.region === region);
  const header = ['style', 'lines of code', 'error-handling sites', 'shared state', 'source'];
  const table = rows.map((r) =>
    r.state === 'found'
      ? [linkTo(r.style, codeAnchorId(region, r.style)), String(r.linesOfCode), String(r.errorSites.length), r.sharedState.length ? `${r.sharedState.length}: ${sharedList(r)}` : '0', where(r)]
      : [r.style, '—', '—', '—', `${r.state === 'missing' ? 'not marked' : '**badly marked**'}: ${r.detail}`],
  );
  const out = [anchor(codeAnchorId(region)), `### ${region}`, '', markdownTable([header, ...table], { align: ['l', 'r', 'r', 'l', 'l'] }), ''];
  for (const r of rows) {
    if (r.state !== 'found') continue;
    out.push(anchor(codeAnchorId(region, r.style)), `#### ${region} · ${r.style}`, '');
    for (const p of r.pieces) {
      const code = p.lines.map((l) => l.text).join('\n');
      out.push(`\`${p.file}\` lines ${span(p)}${p.uncommitted ? ' (uncommitted)' : ''}:`, '', `${fence(code)}ts`, code, fence(code), '');
    }
    out.push(sitesLine(r), '');
  }
  return out;
}

/** The report's code section, or nothing when the report carries no code. */
export function renderCode(extract: CodeExtract | undefined): string[] {
  if (!extract || (extract.regions.length === 0 && extract.problems.length === 0)) return [];
  const out = [
    anchor(SECTION.code),
    '## Code side by side',
    '',
    'Each style\'s scenario code: the lines between `// #region <name>` and `// #endregion` in its files under `impls/<style>/`, ' +
      `the code the rows above ran. ${provenance(extract, 'when the report was written')}`,
    '',
    '*Lines of code*: lines that hold code (not blank, not only a comment; marker lines left out). ' +
      `*Error-handling sites*, the places the code deals with an error by hand, by one rule for every style: ${ERROR_SITE_RULE} ` +
      `*Shared state*: ${SHARED_STATE_RULE}`,
    '',
  ];
  for (const region of regionNames(extract)) out.push(...regionMarkdown(extract, region));
  if (extract.problems.length) out.push('Problems reading the code:', '', ...extract.problems.map((p) => `- ${p}`), '');
  return out;
}

/** A group row's style name, linked to the code it ran when the report has that code. */
export function rowCodeLink(label: string, extract: CodeExtract | undefined, scenario: GroupParams['scenario'], style: string): string {
  const region = SCENARIO_REGIONS[scenario][0];
  const found = extract?.regions.some((r) => r.region === region && r.style === style && r.state === 'found');
  return found && region ? linkTo(label, codeAnchorId(region, style)) : label;
}

/** The same, as plain text for a terminal: a summary table, then each style's code with its line numbers. */
export function renderCodeText(extract: CodeExtract): string {
  const out: string[] = [provenance(extract, 'just now').replace(/`/g, ''), ''];
  for (const region of regionNames(extract)) {
    const rows = extract.regions.filter((r) => r.region === region);
    out.push(`${region}`, '');
    const table = [
      ['style', 'lines', 'error sites', 'shared', 'source'],
      ...rows.map((r) => (r.state === 'found' ? [r.style, String(r.linesOfCode), String(r.errorSites.length), String(r.sharedState.length), where(r)] : [r.style, '-', '-', '-', `${r.state}: ${r.detail}`])),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    out.push(...table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')), '');
    for (const r of rows) {
      if (r.state !== 'found') continue;
      for (const p of r.pieces) {
        out.push(`--- ${region} · ${r.style} · ${p.file} ${span(p)}${p.uncommitted ? ' (uncommitted)' : ''} ---`);
        const width = String(p.lines[p.lines.length - 1]?.line ?? 0).length;
        out.push(...p.lines.map((l) => `${String(l.line).padStart(width)}  ${l.text}`), '');
      }
      out.push(sitesLine(r).replace(/`/g, ''), '');
    }
  }
  if (extract.problems.length) out.push('Marker problems:', ...extract.problems.map((p) => `  ${p}`), '');
  return out.join('\n');
}
