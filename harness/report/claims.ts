/**
 * The source articles' claims (the five in the project's seeds), each held to the data of the run the report is of:
 * a verdict by an explicit rule, stated beside it, from the fault matrix (report.faults), the race (report.race), the
 * cpu groups (inline vs offloaded) and the code counts (report.code). No figure is written here: every number in a
 * verdict is read from the report, and a claim whose data the run lacks reads "not measured in this run".
 * Claims are cited in a few words with their article's title; the articles' prose is not copied.
 * Pure: same report in, same verdicts out. Used by the markdown report (renderClaims) and the findings.
 */
import type { FaultCaseId, StyleName } from '../../impls/contract.ts';
import { lostUpdates, type RaceRow } from '../race-step.ts';
import type { CellResult, RunReport } from '../results.ts';
import { anchor, codeAnchorId, groupAnchorId, linkTo, SECTION } from './anchors.ts';
import type { RegionCode } from './code/extract.ts';
import {
  compareFigures,
  cpuGroup,
  direction,
  faultRowsOf,
  msText,
  noiseWords,
  num,
  plural,
  systemsIn,
  tally,
  tallyWords,
  trialFigures,
  type Comparison,
} from './evidence.ts';

export type Verdict = 'supported' | 'partly supported' | 'refuted' | 'within noise' | 'not measured in this run';

export interface Judgement {
  verdict: Verdict;
  /** The rows and figures the verdict rests on, one line each. */
  evidence: string[];
  /** Where in the report to look: markdown links. */
  see: string[];
}

export interface Claim {
  id: string;
  /** The claim in a few words. */
  claim: string;
  /** A short citation naming its article (a few quoted words at most). */
  source: string;
  /** How this run's data decides the verdict. */
  rule: string;
  judge(report: RunReport): Judgement;
}

const ARTICLE = {
  asyncPython: '*Asynchronous Python* (2016)',
  survival: '*Async programming in Python: a survival guide* (2021)',
  intro: '*An introduction to Python\'s asyncio* (2016)',
};

const CALLBACK_SYSTEMS = ['callback', 'py-tornado5', 'py-tornado'];
const ASYNC_SYSTEMS = ['async', 'py-asyncio'];
/** Cases whose fault is user code raising inside a callback (a response handler, a completion hook). */
const RAISES_IN_CALLBACK: readonly FaultCaseId[] = ['handler-throws', 'completion-callback-throws'];
/** Cases where a child's fetch fails: an error the code waiting on the child should learn of. */
const FETCH_FAILS: readonly FaultCaseId[] = ['http-500', 'refused', 'reset-mid-body', 'timeout', 'two-fail', 'blocking-timeout'];
/** Cases where a child the caller waits on fails, by its fetch or by its own code. */
const CHILD_FAILS: readonly FaultCaseId[] = [...FETCH_FAILS, 'handler-throws'];
/** The styles whose loop runs one piece of code at a time: the single-threaded async the claim speaks of. */
const SINGLE_THREADED: readonly StyleName[] = ['raw', 'callback', 'async'];

const notMeasured = (why: string, see: string[] = []): Judgement => ({ verdict: 'not measured in this run', evidence: [why], see });
const faultsLink = linkTo('fault matrix', SECTION.faults);
const raceLink = linkTo('race', SECTION.race);

/** supported when none got through, refuted when all did, partly in between; by counts of a whole. */
function byShare(part: number, whole: number, supportedWhenNone: boolean): Verdict {
  if (part === 0) return supportedWhenNone ? 'supported' : 'refuted';
  if (part === whole) return supportedWhenNone ? 'refuted' : 'supported';
  return 'partly supported';
}

function rowsLine(rows: ReturnType<typeof faultRowsOf>, which: (r: (typeof rows)[number]) => boolean, what: string): string[] {
  const picked = rows.filter(which).map((r) => `${r.case} ${r.idiom} (${r.system}: ${r.row.errors.reachedCaller} of ${r.row.errors.injected})`);
  return picked.length ? [`${what}: ${picked.join(', ')}.`] : [];
}

const callbacksSwallow: Claim = {
  id: 'callbacks-swallow-exceptions',
  claim: 'Callbacks swallow exceptions',
  source: `${ARTICLE.asyncPython}: "callbacks swallow exceptions"; an error not checked for is lost`,
  rule:
    'The fault rows of the callback style and of the real Tornado (py-tornado5, py-tornado) where the run has them, in which an ' +
    `exception is raised inside a callback (${RAISES_IN_CALLBACK.join(', ')}) or the callback does not check response.error ` +
    `(idiom forgets-check in ${FETCH_FAILS.join(', ')}). An error is swallowed when it does not reach the caller (it is only ` +
    'logged, or nothing shows it). Supported when none of those errors reached the caller; refuted when all did; partly supported otherwise.',
  judge(report) {
    if (!report.faults) return notMeasured('The run had no fault matrix (`--scenario faults`).');
    const rows = faultRowsOf(report, CALLBACK_SYSTEMS).filter((r) => RAISES_IN_CALLBACK.includes(r.case) || (r.idiom === 'forgets-check' && FETCH_FAILS.includes(r.case)));
    if (rows.length === 0) return notMeasured('The fault matrix has no callback rows in these cases (the callback style has no fault cases yet, and no Tornado ran).', [faultsLink]);
    const t = tally(rows);
    const evidence = systemsIn(rows).map((s) => `${s}: ${tallyWords(tally(rows.filter((r) => r.system === s)))}.`);
    evidence.push(...rowsLine(rows, (r) => r.row.errors.reachedCaller > 0, 'Reached the caller in'));
    const contrast = faultRowsOf(report, ['async', 'fiber', 'py-asyncio', 'py-gevent'], ['handler-throws']);
    if (contrast.length) evidence.push(`For contrast, the same exception in a response handler elsewhere (handler-throws): ${tallyWords(tally(contrast))}.`);
    return { verdict: byShare(t.reached, t.injected, true), evidence, see: [faultsLink] };
  },
};

function regionOf(report: RunReport, style: string, region: string): RegionCode | undefined {
  return report.code?.regions.find((r) => r.style === style && r.region === region);
}

const callbacksNotGatherable: Claim = {
  id: 'callbacks-not-gatherable',
  claim: 'Callbacks cannot be gathered without shared state',
  source: `${ARTICLE.asyncPython}: callbacks are "not gather-able"; the work-around keeps results in global state`,
  rule:
    'The callback style\'s code that waits for many callbacks: its url-fetch and fault-http-500 regions (Code side by side). ' +
    'Supported when every such region that is marked writes shared state from inside a callback (the code section\'s *shared state* count above 0); ' +
    'refuted when none does; partly supported otherwise. The other styles\' counts for the same regions are given for comparison.',
  judge(report) {
    if (!report.code) return notMeasured('This report carries no code (it was written before code extraction, or from a run without styles).');
    const regions = (['url-fetch', 'fault-http-500'] as const).map((name) => ({ name, code: regionOf(report, 'callback', name) }));
    const found = regions.flatMap(({ name, code }) => (code?.state === 'found' ? [{ name, code }] : []));
    if (found.length === 0) {
      const why = regions.map(({ name, code }) => `${name}: ${code ? (code.state === 'found' ? '' : code.detail) : 'not extracted for this run\'s scenarios'}`);
      return notMeasured(`The callback style's gathering code is not in this report: ${why.join('; ')}.`, [linkTo('code', SECTION.code)]);
    }
    const evidence = found.map(({ name, code }) =>
      code.sharedState.length
        ? `callback ${name}: ${plural(code.sharedState.length, 'variable')} written from inside its callbacks: ${code.sharedState.map((w) => `\`${w.name}\` (${w.file}:${w.line})`).join(', ')}.`
        : `callback ${name}: no shared state written from inside a callback.`,
    );
    for (const { name } of found) {
      const others = (report.code.regions ?? []).filter((r) => r.region === name && r.style !== 'callback' && r.state === 'found');
      if (others.length) evidence.push(`The same count in ${name} elsewhere: ${others.map((r) => `${r.style} ${r.state === 'found' ? r.sharedState.length : '—'}`).join(', ')}.`);
    }
    const hung = faultRowsOf(report, ['callback']).filter((r) => r.row.callerHung);
    if (hung.length) evidence.push(`In the fault matrix the callback style's hand-made join never completed (the caller hung) in ${plural(hung.length, 'row')}: ${hung.map((r) => `${r.case} ${r.idiom}`).join(', ')}.`);
    const withState = found.filter(({ code }) => code.sharedState.length > 0).length;
    return { verdict: byShare(withState, found.length, false), evidence, see: found.map(({ name }) => linkTo(`callback ${name} code`, codeAnchorId(name, 'callback'))) };
  },
};

const awaitPassesErrorsUp: Claim = {
  id: 'await-passes-errors-up',
  claim: 'async/await passes errors up the stack',
  source: `${ARTICLE.asyncPython}: with coroutines, errors "get passed up the stack"`,
  rule:
    `The fault rows of the async style and of the real asyncio (py-asyncio) where the run has them, in the cases where a child the caller waits on fails (${CHILD_FAILS.join(', ')}), every idiom. ` +
    'Supported when every injected error reached the awaiting caller (raised there, or among its results where the idiom asks for them); refuted when none did; partly supported otherwise.',
  judge(report) {
    if (!report.faults) return notMeasured('The run had no fault matrix (`--scenario faults`).');
    const rows = faultRowsOf(report, ASYNC_SYSTEMS, CHILD_FAILS);
    if (rows.length === 0) return notMeasured('The fault matrix has no async rows in these cases (the async style has no fault cases yet, and no asyncio ran).', [faultsLink]);
    const t = tally(rows);
    const evidence = systemsIn(rows).map((s) => `${s}: ${tallyWords(tally(rows.filter((r) => r.system === s)))}.`);
    evidence.push(...rowsLine(rows, (r) => r.row.errors.reachedCaller < r.row.errors.injected, 'Not every error reached the caller in'));
    const others = faultRowsOf(report, ['callback', 'fiber'], CHILD_FAILS);
    for (const s of systemsIn(others)) evidence.push(`For comparison, ${s} in the same cases: ${tallyWords(tally(others.filter((r) => r.system === s)))}.`);
    const sites = (report.code?.regions ?? []).filter((r) => r.state === 'found' && (r.region === 'url-fetch' || r.region === 'fault-http-500'));
    if (sites.length) evidence.push(`Error-handling sites written by hand (Code side by side): ${sites.map((r) => `${r.style} ${r.region} ${r.state === 'found' ? r.errorSites.length : '—'}`).join(', ')}.`);
    return { verdict: byShare(t.reached, t.injected, false), evidence, see: [faultsLink] };
  },
};

function raceRowOf(report: RunReport, style: StyleName): RaceRow | undefined {
  return report.race?.rows.find((r) => r.style === style);
}

const raceWords = (r: Extract<RaceRow, { state: 'measured' }>): string =>
  `${r.style} lost ${num(lostUpdates(r.unlocked))} of ${num(r.unlocked.expected)} updates without its lock, ${num(lostUpdates(r.locked))} with it`;

const greenThreadsKeepThreadProblems: Claim = {
  id: 'green-threads-keep-thread-problems',
  claim: 'Green threads keep the problems of threads, context switching aside',
  source: `${ARTICLE.asyncPython}: green threads have the problems of thread-based code "other than CPU context switching"`,
  rule:
    'The race: the fiber style\'s workers share a counter across a switch point (a greenlet yielding inside its read-modify-write). ' +
    'Supported when updates were lost without the lock (the race threads have); refuted when none was. This tests one problem of threads, ' +
    'shared state changed across a switch; deadlocks and starvation are not decided by this rule.',
  judge(report) {
    if (!report.race) return notMeasured('The run had no race step (`--scenario race`).');
    const row = raceRowOf(report, 'fiber');
    if (!row) return notMeasured('The fiber style was not in the run.', [raceLink]);
    if (row.state !== 'measured') return notMeasured(`${row.state === 'unavailable' ? row.message : `fiber ${row.state}: ${row.message}`}.`, [raceLink]);
    const lost = lostUpdates(row.unlocked);
    const evidence = [`${raceWords(row)}.`];
    if (lostUpdates(row.locked) > 0) evidence.push('Updates were lost even with the lock: the lock did not keep the switch point out of the critical section.');
    return { verdict: lost > 0 ? 'supported' : 'refuted', evidence, see: [raceLink] };
  },
};

const singleThreadedSafeUnless: Claim = {
  id: 'single-threaded-safe-unless-switch',
  claim: 'Single-threaded async is safe from races, unless a switch point sits inside a critical section',
  source: `${ARTICLE.asyncPython}: asyncio code is "safe from race conditions"; ${ARTICLE.intro}: no shared mutable state to coordinate. The testbed adds the condition and tests it`,
  rule:
    `The race in the single-threaded loop styles (${SINGLE_THREADED.join(', ')}): each worker's read-modify-write has a switch point inside it unless the style's lock guards it. ` +
    'Refuted when any style lost updates with its lock; supported when every style measured lost updates without it and none with it; ' +
    'partly supported when some lost none without the lock.',
  judge(report) {
    if (!report.race) return notMeasured('The run had no race step (`--scenario race`).');
    const rows = SINGLE_THREADED.map((s) => raceRowOf(report, s)).filter((r): r is RaceRow => r !== undefined);
    const measured = rows.filter((r): r is Extract<RaceRow, { state: 'measured' }> => r.state === 'measured');
    const unmeasured = rows.flatMap((r) => (r.state === 'measured' ? [] : [`${r.state === 'unavailable' ? r.message : `${r.style} ${r.state}: ${r.message}`}.`]));
    if (measured.length === 0) return notMeasured(unmeasured.length ? unmeasured.join(' ') : 'None of these styles was in the run.', [raceLink]);
    const evidence = [...measured.map((r) => `${raceWords(r)}.`), ...unmeasured];
    const lockedLost = measured.filter((r) => lostUpdates(r.locked) > 0);
    const unlockedLost = measured.filter((r) => lostUpdates(r.unlocked) > 0);
    if (unlockedLost.length > 0) evidence.push(`Without the condition, as the articles put it, the claim is refuted: ${unlockedLost.map((r) => r.style).join(', ')} lost updates with no thread in sight.`);
    const verdict: Verdict = lockedLost.length > 0 ? 'refuted' : unlockedLost.length === measured.length ? 'supported' : 'partly supported';
    const withCode = measured.filter((r) => regionOf(report, r.style, 'race')?.state === 'found');
    return { verdict, evidence, see: [raceLink, ...withCode.map((r) => linkTo(`${r.style} race code`, codeAnchorId('race', r.style)))] };
  },
};

interface OffloadEffect {
  style: string;
  loop: Comparison;
  p99: Comparison;
  throughput: Comparison;
}

/** Per style with both cpu cells: inline (a) against offloaded (b), for loop delay p99, p99 latency and throughput. */
export function offloadEffects(report: RunReport): OffloadEffect[] {
  const inline = cpuGroup(report, 'inline');
  const offload = cpuGroup(report, 'offload');
  if (!inline || !offload) return [];
  const out: OffloadEffect[] = [];
  for (const a of inline.cells) {
    const b = offload.cells.find((c) => c.style === a.style);
    if (!b) continue;
    const pair = (pick: (c: CellResult) => number[]): Comparison | undefined => {
      const [x, y] = [pick(a), pick(b)];
      return x.length && y.length ? compareFigures(x, y) : undefined;
    };
    const loop = pair((c) => trialFigures(c, (t) => t.process.loopDelayP99Ms));
    const p99 = pair((c) => trialFigures(c, (t) => t.latency.p99));
    const throughput = pair((c) => trialFigures(c, (t) => t.opsPerSec));
    if (loop && p99 && throughput) out.push({ style: a.style, loop, p99, throughput });
  }
  return out;
}

function effectVerdict(e: OffloadEffect): Verdict {
  const moves = [direction(e.loop), direction(e.p99)];
  if (moves.every((m) => m === -1)) return 'supported';
  if (moves.some((m) => m === 1)) return 'refuted';
  return 'within noise';
}

const change = (label: string, c: Comparison, fmt: (v: number) => string): string => `${label} ${fmt(c.a)} inline → ${fmt(c.b)} offloaded, ${noiseWords(c)}`;

const neverBlockTheLoop: Claim = {
  id: 'never-block-the-loop',
  claim: 'Never block the event loop',
  source: `${ARTICLE.survival}: "never block the event loop"; ${ARTICLE.intro}: asyncio is not for CPU-bound work`,
  rule:
    'The cpu scenario, per style with both rows: the same work per request inline (blocking the loop) and offloaded to worker threads. ' +
    'For a style, supported when offloading lowered both the loop delay p99 and the request p99, each beyond noise (the 95% intervals across trials do not overlap; ' +
    'with fewer than 3 trials, by the medians, said so); refuted when either rose beyond noise; within noise otherwise. ' +
    'Overall: supported when some styles support it and none refutes it, refuted the other way round, partly supported when both happen.',
  judge(report) {
    const effects = offloadEffects(report).filter((e) => !e.style.startsWith('py-'));
    const groups = [cpuGroup(report, 'inline'), cpuGroup(report, 'offload')].filter((g) => g !== undefined);
    const see = groups.map((g) => linkTo(`cpu ${g.setup.scenario === 'cpu' ? g.setup.params.mode : ''} table`, groupAnchorId(g)));
    if (effects.length === 0) return notMeasured(groups.length ? 'No style has figures, loop delay included, in both cpu groups.' : 'The run had no cpu scenario (`--scenario cpu`).', see);
    const verdicts = effects.map(effectVerdict);
    const evidence = effects.map(
      (e, i) =>
        `${e.style} (${verdicts[i]}): ${change('loop delay p99', e.loop, msText)}; ${change('p99', e.p99, msText)}; ` +
        `${change('throughput', e.throughput, (v) => `${num(v)}/s`)} (${num(e.throughput.b / e.throughput.a, 2)}×).`,
    );
    const has = (v: Verdict): boolean => verdicts.includes(v);
    const verdict: Verdict = has('supported') ? (has('refuted') ? 'partly supported' : 'supported') : has('refuted') ? 'refuted' : 'within noise';
    return { verdict, evidence, see };
  },
};

export const CLAIMS: readonly Claim[] = [callbacksSwallow, callbacksNotGatherable, awaitPassesErrorsUp, greenThreadsKeepThreadProblems, singleThreadedSafeUnless, neverBlockTheLoop];

export function judgeClaims(report: RunReport): Array<{ claim: Claim; judgement: Judgement }> {
  return CLAIMS.map((claim) => ({ claim, judgement: claim.judge(report) }));
}

const claimAnchorId = (claim: Claim): string => `claim-${claim.id}`;

export function renderClaims(report: RunReport): string[] {
  const judged = judgeClaims(report);
  const out = [
    anchor(SECTION.claims),
    '## The articles\' claims, against this run',
    '',
    'Claims the source articles make, each with the verdict this run\'s data gives by the rule written beside it. ' +
      'A verdict reads *not measured in this run* when the run lacks the data for it.',
    '',
    '| claim | verdict |',
    '| --- | --- |',
    ...judged.map(({ claim, judgement }) => `| ${linkTo(claim.claim, claimAnchorId(claim))} | **${judgement.verdict}** |`),
    '',
  ];
  judged.forEach(({ claim, judgement }, i) => {
    out.push(
      anchor(claimAnchorId(claim)),
      `### ${i + 1}. ${claim.claim}: ${judgement.verdict}`,
      '',
      `- *Source*: ${claim.source}.`,
      `- *Rule*: ${claim.rule}`,
      `- *Evidence*${judgement.see.length ? ` (${judgement.see.join(', ')})` : ''}:`,
      ...judgement.evidence.map((e) => `  - ${e}`),
      '',
    );
  });
  return out;
}
