/**
 * The scenario code of each style, read from the checkout the testbed runs from: every marked region (regions.ts)
 * of impls/<style>/**\/*.ts (tests left out), with its counts (count.ts) and whether its file differs from the commit
 * a report names. A region nobody has marked yet is `missing`, a badly marked one `malformed`: both are data for the
 * report, never an error. The run command extracts at report time (and at the start, to tell whether the sources
 * changed while it measured); `testbed show` extracts on demand.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { StyleName } from '../../../impls/contract.ts';
import { gitCommit } from '../../environment.ts';
import { countRange, parseSource, type ErrorSite, type SharedWrite } from './count.ts';
import { parseRegions, regionLines, type NumberedLine, type RegionName } from './regions.ts';

export interface CodePiece {
  /** Relative to the checkout, with forward slashes. */
  file: string;
  /** The lines shown, with their numbers in the file. */
  lines: NumberedLine[];
  /** The file differs from the commit the report names (or git does not track it). */
  uncommitted: boolean;
}

export type RegionCode =
  | {
      region: RegionName;
      style: StyleName;
      state: 'found';
      pieces: CodePiece[];
      linesOfCode: number;
      errorSites: Array<ErrorSite & { file: string }>;
      sharedState: Array<SharedWrite & { file: string }>;
    }
  | { region: RegionName; style: StyleName; state: 'missing' | 'malformed'; detail: string };

export interface CodeExtract {
  /** The commit of the checkout, as the report's metadata names it (harness/environment.ts gitCommit). */
  commit: string;
  /** Files shown whose text differs from that commit, or that git does not track. */
  uncommittedFiles: string[];
  regions: RegionCode[];
  /** Marker problems in the files read that belong to no region shown (a stray #endregion), as `file: problem`. */
  problems: string[];
  /** `style region` of each region whose code was not the same at the start of the run as at its end. */
  changedDuringRun?: string[];
}

/** What git says of the checkout: its commit, and the files (relative) that differ from it or are untracked. */
export interface GitState {
  commit: string;
  changed: ReadonlySet<string>;
}

export interface ExtractOptions {
  /** The checkout: impls/<style>/ is read below it. */
  root: string;
  styles: readonly StyleName[];
  regions: readonly RegionName[];
  /** Defaults to asking git in `root`. */
  git?: GitState;
}

export function extractCode(options: ExtractOptions): CodeExtract {
  const git = options.git ?? gitState(options.root);
  const problems: string[] = [];
  const regions: RegionCode[] = [];
  const shownFiles = new Set<string>();
  for (const style of options.styles) {
    const files = sourceFiles(path.join(options.root, 'impls', style)).map((abs) => ({ abs, rel: relative(options.root, abs) }));
    const parsed = files.map((f) => ({ ...f, text: readFileSync(f.abs, 'utf8') })).map((f) => ({ ...f, marks: parseRegions(f.text) }));
    for (const f of parsed) for (const stray of f.marks.strays) problems.push(`${f.rel}: ${stray}`);
    for (const region of options.regions) {
      const found = parsed.flatMap((f) => f.marks.regions.filter((r) => r.name === region).map((r) => ({ file: f, mark: r })));
      if (found.length === 0) {
        regions.push({ region, style, state: 'missing', detail: `no \`// #region ${region}\` in impls/${style}/ yet` });
        continue;
      }
      const bad = found.find((x) => x.mark.problem);
      if (bad) {
        regions.push({ region, style, state: 'malformed', detail: `${bad.file.rel} ${bad.mark.problem}` });
        continue;
      }
      const pieces: CodePiece[] = [];
      let linesOfCode = 0;
      const errorSites: Array<ErrorSite & { file: string }> = [];
      const sharedState: Array<SharedWrite & { file: string }> = [];
      for (const { file, mark } of found) {
        const counts = countRange(parseSource(file.rel, file.text), mark.startLine, mark.endLine, mark.markerLines);
        linesOfCode += counts.linesOfCode;
        errorSites.push(...counts.errorSites.map((s) => ({ ...s, file: file.rel })));
        for (const w of counts.sharedState) if (!sharedState.some((s) => s.name === w.name)) sharedState.push({ ...w, file: file.rel });
        pieces.push({ file: file.rel, lines: regionLines(file.text, mark), uncommitted: git.changed.has(file.rel) });
        shownFiles.add(file.rel);
      }
      regions.push({ region, style, state: 'found', pieces, linesOfCode, errorSites, sharedState });
    }
  }
  return { commit: git.commit, uncommittedFiles: [...shownFiles].filter((f) => git.changed.has(f)).sort(), regions, problems };
}

/**
 * `style region` of every region whose code or state differs between two extracts of the same run (a region only
 * one of them has, because reading failed once, is not called changed).
 */
export function changedBetween(before: CodeExtract, after: CodeExtract): string[] {
  const key = (r: RegionCode): string => `${r.style} ${r.region}`;
  const shape = (r: RegionCode): string => JSON.stringify(r.state === 'found' ? r.pieces.map((p) => [p.file, p.lines]) : r.state);
  const was = new Map(before.regions.map((r) => [key(r), shape(r)]));
  return after.regions.filter((r) => was.has(key(r)) && was.get(key(r)) !== shape(r)).map(key);
}

/** The `.ts` files below `dir` (tests and declaration files left out), sorted; none if it does not exist. */
function sourceFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules' || name === 'build') continue;
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...sourceFiles(abs));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(abs);
  }
  return out;
}

const relative = (root: string, abs: string): string => path.relative(root, abs).split(path.sep).join('/');

/** The checkout's commit as reports name it, and the files under impls/ that differ from it or are untracked. */
export function gitState(root: string): GitState {
  try {
    const git = (args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const top = git(['rev-parse', '--show-toplevel']).trim();
    // Porcelain v1: two status letters, a space, the path from the top level (for a rename, `old -> new`).
    const changed = git(['status', '--porcelain', '--untracked-files=all', '--', 'impls'])
      .split('\n')
      .filter((l) => l.length > 3)
      .map((l) => relative(root, path.join(top, l.slice(3).split(' -> ').pop()!.replace(/^"|"$/g, ''))));
    return { commit: gitCommit(root), changed: new Set(changed) };
  } catch {
    return { commit: gitCommit(root), changed: new Set() };
  }
}
