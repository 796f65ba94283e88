/**
 * Every conformance case's TypeScript side against its committed golden transcript (from the real Python system) or
 * its listed departure. Python is not needed here: `npm run conformance` runs both sides where it is available.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_ROOT, expectedTranscript, listCases, runTypeScript } from './lib/cases.ts';
import { CONFORMANCE_STYLES } from './lib/pins.ts';

const departures = readFileSync(path.join(CONFORMANCE_ROOT, '..', 'docs', 'departures.md'), 'utf8');

describe.each(CONFORMANCE_STYLES)('%s conforms to its reference', (style) => {
  const cases = listCases(style);

  it('has both halves of every case', () => {
    for (const c of cases) {
      expect(existsSync(c.ts), `${c.name}.ts`).toBe(true);
      expect(existsSync(c.py), `${c.name}.py`).toBe(true);
    }
  });

  it.concurrent.each(cases.filter((c) => existsSync(c.ts)).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const expected = expectedTranscript(c);
    expect(expected, `no golden for ${style}/${c.name}: run npm run conformance -- --regen --style ${style}`).toBeDefined();
    if (expected!.departure !== undefined) {
      expect(departures, `docs/departures.md has no anchor for ${expected!.departure}`).toContain(`<a id="${expected!.departure}"></a>`);
      const golden = existsSync(c.golden) ? readFileSync(c.golden, 'utf8') : '';
      expect(expectedTranscript({ ...c, departure: '/nonexistent' })?.transcript, 'a departure identical to the golden is stale').not.toBe(expected!.transcript);
      expect(golden).not.toBe('');
    }
    const run = await runTypeScript(c);
    expect(run.stderr, 'the case itself broke').toBe('');
    expect(run.timedOut).toBe(false);
    expect(run.transcript).toBe(expected!.transcript);
  });
});
