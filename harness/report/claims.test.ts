/**
 * Each claim's verdict rule on synthetic reports: data that supports it, data that refutes it, and a run without the
 * data, which must read "not measured in this run". The figures in the evidence must be the report's own.
 */
import { describe, expect, it } from 'vitest';
import { code, cpuCell, cpuGroup, faultRow, faults, race, region, type CpuFigures } from '../../test/fixtures/narrative-reports.ts';
import { runReport } from '../../test/fixtures/run-reports.ts';
import type { RunReport } from '../results.ts';
import { CLAIMS, renderClaims, type Judgement } from './claims.ts';

function judge(id: string, report: RunReport): Judgement {
  const claim = CLAIMS.find((c) => c.id === id);
  if (!claim) throw new Error(`no claim ${id}`);
  return claim.judge(report);
}

const empty = runReport([]);
const withFaults = (rows: Parameters<typeof faults>[0]): RunReport => ({ ...empty, faults: faults(rows) });

describe('claim: callbacks swallow exceptions', () => {
  const id = 'callbacks-swallow-exceptions';

  it('is supported when no error raised in a callback or left unchecked reached the caller', () => {
    const j = judge(id, withFaults([
      faultRow('callback', 'handler-throws', 'checks-error', { reached: 0, logged: 1, hung: true }),
      faultRow('callback', 'refused', 'forgets-check', { reached: 0, logged: 1, hung: true }),
      faultRow('callback', 'refused', 'checks-error', { reached: 1 }), // checked: not part of the claim
      faultRow('async', 'handler-throws', 'gather', { reached: 1 }),
    ]));
    expect(j.verdict).toBe('supported');
    expect(j.evidence[0]).toBe('callback: 0 of 2 injected errors reached the caller, 2 were only logged, 0 vanished; the caller hung in 2 rows (2 rows).');
    expect(j.evidence.join('\n')).toContain('For contrast, the same exception in a response handler elsewhere (handler-throws): 1 of 1 injected error reached the caller');
  });

  it('is refuted when every such error reached the caller, and partly supported in between', () => {
    const reached = [faultRow('callback', 'handler-throws', 'checks-error', { reached: 1 }), faultRow('py-tornado5', 'http-500', 'forgets-check', { reached: 1 })];
    expect(judge(id, withFaults(reached)).verdict).toBe('refuted');
    const mixed = judge(id, withFaults([...reached, faultRow('py-tornado5', 'timeout', 'forgets-check', { reached: 0, vanished: 1 })]));
    expect(mixed.verdict).toBe('partly supported');
    expect(mixed.evidence).toContain('Reached the caller in: handler-throws checks-error (callback: 1 of 1), http-500 forgets-check (py-tornado5: 1 of 1).');
  });

  it('is not measured without a fault matrix, or without callback rows in it', () => {
    expect(judge(id, empty)).toMatchObject({ verdict: 'not measured in this run', evidence: [expect.stringContaining('no fault matrix')] });
    expect(judge(id, withFaults([faultRow('async', 'handler-throws', 'gather', { reached: 1 })])).verdict).toBe('not measured in this run');
  });
});

describe('claim: callbacks cannot be gathered without shared state', () => {
  const id = 'callbacks-not-gatherable';
  const withCode = (regions: Parameters<typeof code>[0]): RunReport => ({ ...empty, code: code(regions) });

  it('is supported when the callback style\'s gathering code writes shared state from its callbacks', () => {
    const j = judge(id, withCode([region('callback', 'url-fetch', ['remaining']), region('callback', 'fault-http-500', ['pending', 'responses']), region('async', 'url-fetch', [])]));
    expect(j.verdict).toBe('supported');
    expect(j.evidence).toContain('callback url-fetch: 1 variable written from inside its callbacks: `remaining` (impls/callback/scenario.ts:1).');
    expect(j.evidence).toContain('The same count in url-fetch elsewhere: async 0.');
  });

  it('is refuted when it gathers with no shared state, partly supported when one region does', () => {
    expect(judge(id, withCode([region('callback', 'url-fetch', []), region('callback', 'fault-http-500', [])])).verdict).toBe('refuted');
    expect(judge(id, withCode([region('callback', 'url-fetch', ['remaining']), region('callback', 'fault-http-500', [])])).verdict).toBe('partly supported');
  });

  it('is not measured when the report has no code, or the callback regions are not marked yet', () => {
    expect(judge(id, empty).verdict).toBe('not measured in this run');
    const missing = judge(id, withCode([{ region: 'url-fetch', style: 'callback', state: 'missing', detail: 'no `// #region url-fetch` in impls/callback/ yet' }]));
    expect(missing.verdict).toBe('not measured in this run');
    expect(missing.evidence[0]).toContain('url-fetch: no `// #region url-fetch` in impls/callback/ yet');
  });
});

describe('claim: async/await passes errors up the stack', () => {
  const id = 'await-passes-errors-up';

  it('is supported when every error of a failing child reached the awaiting caller', () => {
    const j = judge(id, withFaults([faultRow('async', 'http-500', 'gather', { reached: 1 }), faultRow('py-asyncio', 'two-fail', 'gather-rx', { reached: 2 }), faultRow('async', 'unjoined-child-throws', 'gather', { reached: 0, logged: 1 })]));
    expect(j.verdict).toBe('supported');
    expect(j.evidence[0]).toBe('async: 1 of 1 injected error reached the caller, 0 were only logged, 0 vanished (1 row).');
  });

  it('is refuted when none did, and partly supported when some vanished on the way', () => {
    expect(judge(id, withFaults([faultRow('async', 'timeout', 'gather', { reached: 0, vanished: 1 })])).verdict).toBe('refuted');
    const partly = judge(id, withFaults([faultRow('async', 'http-500', 'gather', { reached: 1 }), faultRow('async', 'two-fail', 'gather', { reached: 1, vanished: 1 })]));
    expect(partly.verdict).toBe('partly supported');
    expect(partly.evidence).toContain('Not every error reached the caller in: two-fail gather (async: 1 of 2).');
  });

  it('is not measured without async rows in the failing-child cases', () => {
    expect(judge(id, empty).verdict).toBe('not measured in this run');
    expect(judge(id, withFaults([faultRow('async', 'deadlock', 'gather', { reached: 0, vanished: 1 })])).verdict).toBe('not measured in this run');
  });
});

describe('claim: green threads keep the problems of threads', () => {
  const id = 'green-threads-keep-thread-problems';

  it('is supported when the fiber style lost updates across a switch point, refuted when it lost none', () => {
    const j = judge(id, { ...empty, race: race([['fiber', 873, 0]]) });
    expect(j).toMatchObject({ verdict: 'supported', evidence: ['fiber lost 873 of 1,000 updates without its lock, 0 with it.'] });
    expect(judge(id, { ...empty, race: race([['fiber', 0, 0]]) }).verdict).toBe('refuted');
  });

  it('is not measured without a race, or when the fiber style has no raceCounter', () => {
    expect(judge(id, empty).verdict).toBe('not measured in this run');
    expect(judge(id, { ...empty, race: race([['fiber', 'the fiber style has no raceCounter yet']]) })).toMatchObject({ verdict: 'not measured in this run', evidence: ['the fiber style has no raceCounter yet.'] });
  });
});

describe('claim: single-threaded async is safe unless a switch point sits in a critical section', () => {
  const id = 'single-threaded-safe-unless-switch';

  it('is supported when every single-threaded style lost updates without its lock and none with it', () => {
    const j = judge(id, { ...empty, race: race([['raw', 900, 0], ['async', 450, 0], ['callback', 'the callback style has no raceCounter yet']]) });
    expect(j.verdict).toBe('supported');
    expect(j.evidence).toEqual([
      'raw lost 900 of 1,000 updates without its lock, 0 with it.',
      'async lost 450 of 1,000 updates without its lock, 0 with it.',
      'the callback style has no raceCounter yet.',
      'Without the condition, as the articles put it, the claim is refuted: raw, async lost updates with no thread in sight.',
    ]);
  });

  it('is refuted when a style lost updates even under its lock, partly supported when a style lost none without it', () => {
    expect(judge(id, { ...empty, race: race([['raw', 900, 0], ['async', 900, 3]]) }).verdict).toBe('refuted');
    expect(judge(id, { ...empty, race: race([['raw', 900, 0], ['async', 0, 0]]) }).verdict).toBe('partly supported');
  });

  it('is not measured without a race, or with none of these styles measured', () => {
    expect(judge(id, empty).verdict).toBe('not measured in this run');
    expect(judge(id, { ...empty, race: race([['fiber', 900, 0], ['async', 'the async style has no raceCounter yet']]) }).verdict).toBe('not measured in this run');
  });
});

describe('claim: never block the event loop', () => {
  const id = 'never-block-the-loop';
  const inline: CpuFigures = [[200, 80, 5.0], [210, 82, 5.2], [205, 81, 5.1]];
  const withCpu = (offloaded: CpuFigures, before: CpuFigures = inline): RunReport =>
    runReport([cpuGroup('inline', [cpuCell('raw', before)]), cpuGroup('offload', [cpuCell('raw', offloaded)])]);

  it('is supported when offloading lowered loop delay and p99 beyond noise', () => {
    const j = judge(id, withCpu([[400, 40, 0.3], [390, 41, 0.35], [395, 40.5, 0.32]]));
    expect(j.verdict).toBe('supported');
    expect(j.evidence[0]).toContain('raw (supported): loop delay p99 5.10 ms inline → 0.32 ms offloaded, beyond noise');
    expect(j.evidence[0]).toContain('p99 81.0 ms inline → 40.5 ms offloaded, beyond noise');
    expect(j.evidence[0]).toContain('throughput 205/s inline → 395/s offloaded');
    expect(j.see).toEqual(['[cpu inline table](#group-cpu-inline)', '[cpu offload table](#group-cpu-offload)']);
  });

  it('is refuted when offloading raised the loop delay beyond noise, and within noise when the intervals overlap', () => {
    expect(judge(id, withCpu([[190, 120, 9], [185, 125, 9.5], [188, 122, 9.2]])).verdict).toBe('refuted');
    expect(judge(id, withCpu([[205, 79, 5.0], [200, 83, 5.3], [210, 80, 4.9]])).verdict).toBe('within noise');
  });

  it('needs both figures lowered: a quieter loop with the same p99 is within noise, not support', () => {
    expect(judge(id, withCpu([[205, 79, 0.3], [200, 83, 0.35], [210, 80, 0.32]])).verdict).toBe('within noise');
  });

  it('decides by the medians with too few trials for an interval, and says so', () => {
    const j = judge(id, withCpu([[400, 40, 0.3]], [[200, 80, 5]]));
    expect(j.verdict).toBe('supported');
    expect(j.evidence[0]).toContain('noise unknown (1 trial a side: no interval below 3)');
  });

  it('is not measured without both cpu groups', () => {
    expect(judge(id, empty)).toMatchObject({ verdict: 'not measured in this run', evidence: [expect.stringContaining('no cpu scenario')] });
    expect(judge(id, runReport([cpuGroup('inline', [cpuCell('raw', inline)])])).verdict).toBe('not measured in this run');
  });
});

describe('claims section', () => {
  it('states every claim with its source, rule, verdict and evidence', () => {
    const md = renderClaims({ ...empty, race: race([['raw', 900, 0]]) }).join('\n');
    expect(md).toContain('<a id="claims"></a>');
    for (const claim of CLAIMS) {
      expect(md).toContain(claim.rule);
      expect(md).toContain(`[${claim.claim}](#claim-${claim.id})`);
    }
    expect(md).toContain('| [Single-threaded async is safe from races, unless a switch point sits inside a critical section](#claim-single-threaded-safe-unless-switch) | **supported** |');
    expect(md).toContain('### 6. Never block the event loop: not measured in this run');
  });
});
