/**
 * The report's section on the scale of the styles' own units (harness/scale/): one table across styles, and what
 * each style needs to park a unit. Pure: the same ScaleResult gives the same lines. Called by the markdown report
 * and by `testbed scale`.
 */
import { markdownTable } from 'markdown-table';
import { STYLE_NAMES } from '../../impls/contract.ts';
import type { ScaleResult, ScaleRow } from '../scale/types.ts';

const num = (v: number, digits = 0): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const perUnitUs = (ms: number, count: number): string => num((ms * 1000) / count, 2);

const PARKS = { idle: 'its wait alone', timer: 'a timer each' } as const;

function row(r: ScaleRow): string[] {
  return [
    r.system,
    r.unit,
    PARKS[r.parks],
    `${num(r.createMs, 1)} (${perUnitUs(r.createMs, r.count)} µs each)`,
    num(r.heapBytesPerUnit),
    num(r.rssBytesPerUnit),
    `${num(r.wakeMs, 1)} (${perUnitUs(r.wakeMs, r.count)} µs each)`,
    r.firedEarly > 0 ? `${num(r.firedEarly)} fired before all were parked: memory too low` : '',
  ];
}

/** Which styles had no unit that parks without a timer: said outright, as the issue asks. */
function idleVerdicts(result: ScaleResult): string[] {
  const systems = STYLE_NAMES.filter((s) => result.rows.some((r) => r.system === s));
  return systems.map((s) => {
    const idle = result.rows.filter((r) => r.system === s && r.parks === 'idle').map((r) => r.unit);
    return idle.length > 0 ? `- **${s}** parks a unit idly as: ${idle.join('; ')}.` : `- **${s}** cannot park a unit here without a timer or a socket.`;
  });
}

export function renderScale(result: ScaleResult): string[] {
  const header = ['style', 'unit', 'parks with', 'create all: ms', 'heap B each', 'RSS B each', 'wake and finish all: ms', 'note'];
  const out = [
    '## Scale of the styles\' own units',
    '',
    `${num(result.units)} units of each kind parked at once, each kind measured in a child process of its own (\`node --expose-gc\`), ` +
      'so that no other measurement\'s garbage is billed to it. *create*: from the first unit made to the last one parked at its wait. ' +
      '*heap* and *RSS each*: what the process held with them parked, less what it held before, each after a full garbage collection, ' +
      'divided by the units (RSS moves in pages, so small counts read 0 or below). *wake and finish all*: from waking them (for timers: ' +
      'from when the last one was due) to the last one finished. Callbacks are a closure each, as a real program\'s carry their own state.',
    '',
  ];
  if (result.rows.length > 0) {
    out.push(markdownTable([header, ...result.rows.map(row)], { align: ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'] }), '', ...idleVerdicts(result), '');
  }
  for (const f of result.failures) out.push(`- **${f.system}** (${f.unit}): not measured: ${f.message}`);
  if (result.failures.length > 0) out.push('');
  return out;
}
