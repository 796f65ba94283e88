/** `testbed scale`: the scale measurements alone, printed as the report's table (or JSON). Exit 1 if one failed. */
import type { StyleName } from '../../impls/contract.ts';
import { renderScale } from '../report/scale.ts';
import type { Io } from '../run-command.ts';
import { runScale } from './run.ts';
import { SCALE_UNITS } from './types.ts';

export async function scaleCommand(options: { units?: number; style?: StyleName[]; json?: boolean }, io: Io): Promise<number> {
  const result = await runScale({
    units: options.units ?? SCALE_UNITS,
    ...(options.style ? { systems: [...new Set(options.style)] } : {}),
    onStep: (label) => io.stderr(`${label}\n`),
  });
  io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderScale(result).join('\n')}\n`);
  return result.failures.length > 0 ? 1 : 0;
}
