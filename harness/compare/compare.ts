/**
 * Two runs side by side, figure by figure, as benchstat does for Go benchmarks: the median of each side's trials
 * with its 95% interval, the change in percent with an interval of its own, and a Mann–Whitney test on the trials
 * that decides whether the change is real (`~` when it is not). With too few trials the test cannot decide anything,
 * and the comparison says so instead of printing a verdict. Pure: same reports in, same comparison out.
 */
import { compareIntervals, ratioOfMedians, type NoiseVerdict, type RatioInterval } from '../stats/difference.ts';
import { mannWhitney, trialsNeededFor, type MannWhitneyResult } from '../stats/mann-whitney.ts';
import { medianInterval, type MedianInterval } from '../stats/median-interval.ts';
import type { CellResult, GroupResult, RunReport } from '../results.ts';
import { hasQuotableFigures, measuredTrials } from '../report/summary.ts';
import { FIGURES, type Direction, type FigureId } from './figures.ts';

export interface CompareOptions {
  /** Names of the two sides, e.g. ['before', 'after'] (default ['A', 'B']). */
  names?: [string, string];
  /** Significance level of the Mann–Whitney test (default 0.05). */
  alpha?: number;
  /** A significant change worse than this many percent, on any figure, fails the comparison. */
  failOnRegressionPct?: number;
  /** Seed of the bootstrap behind the change's interval. */
  seed?: number;
}

/**
 * `better`/`worse`: significant at alpha, in the figure's good or bad direction. `same`: not significant (benchstat's
 * `~`). `too-few-trials`: the sizes cannot reach alpha at all, so the test says nothing either way.
 */
export type Verdict = 'better' | 'worse' | 'same' | 'too-few-trials';

export interface FigureComparison {
  groupId: string;
  groupTitle: string;
  style: string;
  figure: FigureId;
  label: string;
  direction: Direction;
  sides: [MedianInterval, MedianInterval];
  /** (B - A) / A in percent, undefined when A's median is 0. */
  changePct: number | undefined;
  /** B's median over A's, with its bootstrap interval. */
  ratio: RatioInterval;
  /** Whether the two medians' intervals overlap. */
  noise: NoiseVerdict;
  test: MannWhitneyResult;
  verdict: Verdict;
  /** Worse by more than `failOnRegressionPct`, significantly. */
  regression: boolean;
}

export interface RunSide {
  name: string;
  startedAt: string;
  gitCommit: string;
  command: string;
}

export interface RunComparison {
  sides: [RunSide, RunSide];
  alpha: number;
  failOnRegressionPct: number | undefined;
  rows: FigureComparison[];
  /** Cells that could not be compared, and why. */
  unmatched: string[];
  warnings: string[];
  regressions: FigureComparison[];
  /**
   * With a gate: `fail` when a regression was found; else `undecided` when some figures had too few trials to be
   * judged (`undecidedCount`), else `pass`. Without one: `no-gate`.
   */
  decision: 'pass' | 'fail' | 'undecided' | 'no-gate';
  undecidedCount: number;
}

const key = (group: GroupResult, cell: CellResult): string => `${group.id} ${cell.style}`;

function describeCell(cell: CellResult | undefined): string {
  if (!cell) return 'absent';
  if (measuredTrials(cell).length === 0) return cell.state === 'completed' ? 'without trials' : `${cell.state}`;
  return cell.state;
}

function compareCell(group: GroupResult, a: CellResult, b: CellResult, options: Required<Pick<CompareOptions, 'alpha' | 'seed'>> & CompareOptions): FigureComparison[] {
  const rows: FigureComparison[] = [];
  for (const spec of FIGURES) {
    const xs = measuredTrials(a).map(spec.pick);
    const ys = measuredTrials(b).map(spec.pick);
    // A figure is compared only where every trial of both sides carries it.
    if (xs.some((v) => v === undefined) || ys.some((v) => v === undefined)) continue;
    const x = xs as number[];
    const y = ys as number[];
    const sides: [MedianInterval, MedianInterval] = [medianInterval(x, { seed: options.seed }), medianInterval(y, { seed: options.seed })];
    const test = mannWhitney(x, y, { alpha: options.alpha });
    const changePct = sides[0].median === 0 ? undefined : ((sides[1].median - sides[0].median) / Math.abs(sides[0].median)) * 100;
    const wentUp = sides[1].median > sides[0].median;
    const improved = spec.direction === 'higher-is-better' ? wentUp : !wentUp;
    const verdict: Verdict = !test.canReachAlpha ? 'too-few-trials' : !test.significant || sides[1].median === sides[0].median ? 'same' : improved ? 'better' : 'worse';
    const limit = options.failOnRegressionPct;
    rows.push({
      groupId: group.id,
      groupTitle: group.title,
      style: a.style,
      figure: spec.id,
      label: spec.label(group),
      direction: spec.direction,
      sides,
      changePct,
      ratio: ratioOfMedians(y, x, { seed: options.seed }),
      noise: compareIntervals(sides[0], sides[1]),
      test,
      verdict,
      regression: limit !== undefined && verdict === 'worse' && changePct !== undefined && Math.abs(changePct) > limit,
    });
  }
  return rows;
}

function sameSetup(a: GroupResult, b: GroupResult): boolean {
  return JSON.stringify(a.setup) === JSON.stringify(b.setup);
}

function machineWarnings(a: RunReport, b: RunReport, names: [string, string]): string[] {
  const out: string[] = [];
  const fields: Array<[string, (r: RunReport) => string]> = [
    ['CPU', (r) => `${r.meta.cpuModel} × ${r.meta.cpuCount}`],
    ['Node', (r) => r.meta.node],
    ['core pinning', (r) => (r.meta.pinning.enabled ? 'on' : 'off')],
  ];
  for (const [what, of] of fields) {
    if (of(a) !== of(b)) out.push(`${what} differs (${names[0]}: ${of(a)}; ${names[1]}: ${of(b)}): part of any change may be the machine's, not the code's`);
  }
  if (a.meta.interrupted || b.meta.interrupted) out.push(`${[a, b].map((r, i) => (r.meta.interrupted ? names[i] : '')).filter(Boolean).join(' and ')} was interrupted: some cells may have fewer trials`);
  return out;
}

export function compareRuns(a: RunReport, b: RunReport, options: CompareOptions = {}): RunComparison {
  const names = options.names ?? ['A', 'B'];
  const opts = { ...options, alpha: options.alpha ?? 0.05, seed: options.seed ?? 1 };
  const rows: FigureComparison[] = [];
  const unmatched: string[] = [];
  const warnings = machineWarnings(a, b, names);
  const bGroups = new Map(b.groups.map((g) => [g.id, g]));
  for (const ga of a.groups) {
    const gb = bGroups.get(ga.id);
    if (!gb) {
      unmatched.push(`${ga.id}: only in ${names[0]}`);
      continue;
    }
    if (!sameSetup(ga, gb)) warnings.push(`${ga.id}: the parameters differ (${names[0]}: ${JSON.stringify(ga.setup.params)}; ${names[1]}: ${JSON.stringify(gb.setup.params)})`);
    const bCells = new Map(gb.cells.map((c) => [c.style as string, c]));
    for (const ca of ga.cells) {
      const cb = bCells.get(ca.style);
      if (!cb || !hasQuotableFigures(ca) || !hasQuotableFigures(cb)) {
        unmatched.push(`${key(ga, ca)}: ${names[0]} ${describeCell(ca)}, ${names[1]} ${describeCell(cb)}`);
        continue;
      }
      rows.push(...compareCell(ga, ca, cb, opts));
    }
    for (const cb of gb.cells) if (!ga.cells.some((c) => c.style === cb.style)) unmatched.push(`${key(gb, cb)}: only in ${names[1]}`);
  }
  for (const gb of b.groups) if (!a.groups.some((g) => g.id === gb.id)) unmatched.push(`${gb.id}: only in ${names[1]}`);

  const blind = rows.filter((r) => r.verdict === 'too-few-trials');
  if (blind.length > 0) {
    const sizes = [...new Set(blind.map((r) => `${r.test.n[0]}+${r.test.n[1]}`))].join(', ');
    warnings.push(
      `${blind.length} of ${rows.length} figures have too few trials (n=${sizes}) for the Mann–Whitney test to call any change significant at α=${opts.alpha}: ` +
        `${trialsNeededFor(opts.alpha)} or more trials a side are needed (testbed run --trials N)`,
    );
  }
  const regressions = rows.filter((r) => r.regression);
  const side = (r: RunReport, name: string): RunSide => ({ name, startedAt: r.meta.startedAt, gitCommit: r.meta.gitCommit, command: r.meta.command });
  return {
    sides: [side(a, names[0]), side(b, names[1])],
    alpha: opts.alpha,
    failOnRegressionPct: options.failOnRegressionPct,
    rows,
    unmatched,
    warnings,
    regressions,
    decision: options.failOnRegressionPct === undefined ? 'no-gate' : regressions.length > 0 ? 'fail' : blind.length > 0 ? 'undecided' : 'pass',
    undecidedCount: blind.length,
  };
}
