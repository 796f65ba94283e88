/**
 * The fault matrix as part of a run (`testbed run --scenario faults`, and the default suite): which systems it
 * covers — every style of the run that has fault cases, and every reference of the run whose real system is
 * installed and has a fault module — with the run's progress and interrupt wired in.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REFERENCES, referenceScript, type ProbeResult, type ReferenceName } from '../../impls/reference/references.ts';
import type { ProgressEvent } from '../runner.ts';
import { isReferenceName, isStyleName, type SystemName } from '../systems.ts';
import { runFaultMatrix, type FaultMatrixResult, type FaultSystem } from './matrix.ts';
import { pythonSystem, styleSystem } from './systems.ts';

/** The fault module of each reference that has one: impls/reference/faults/<module>_cases.py. */
const FAULT_MODULES: Partial<Record<ReferenceName, string>> = { 'py-tornado': 'tornado', 'py-gevent': 'gevent', 'py-asyncio': 'asyncio' };

function faultModuleExists(module: string): boolean {
  return existsSync(fileURLToPath(new URL(`../../impls/reference/faults/${module}_cases.py`, import.meta.url)));
}

export function faultSystems(systems: readonly SystemName[], references: ProbeResult | undefined): FaultSystem[] {
  const out: FaultSystem[] = [];
  for (const name of systems) {
    if (isStyleName(name)) {
      if (name !== 'raw') out.push(styleSystem(name));
      continue;
    }
    if (!isReferenceName(name)) continue;
    const module = FAULT_MODULES[name];
    const echo = REFERENCES[name].roles.echo;
    const available = references?.references[name]?.['url-fetch']?.available === true;
    if (!module || !available || !references || !faultModuleExists(module)) continue;
    const system = pythonSystem(name, module, references.python);
    out.push(echo ? { ...system, echoServer: () => ({ file: references.python, args: ['-B', referenceScript(echo.script), '--host', '127.0.0.1', '--port', '0'] }) } : system);
  }
  return out;
}

export async function runFaultsForRun(
  systems: readonly SystemName[],
  references: ProbeResult | undefined,
  ctx: { signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void },
): Promise<FaultMatrixResult> {
  let counted = false;
  return runFaultMatrix({
    systems: faultSystems(systems, references),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onPlanned: (rows) => {
      if (!counted) ctx.onProgress?.({ kind: 'more-steps', count: rows });
      counted = true;
    },
    onStep: (label) => ctx.onProgress?.({ kind: 'step', label }),
  });
}
