/**
 * The fault matrix as part of a run (`testbed run --scenario faults`, and the default suite): which systems it
 * covers — every style of the run that has fault cases, and every reference of the run whose real system is
 * installed and has a fault module — with the run's progress and interrupt wired in.
 */
import type { StyleName } from '../../impls/contract.ts';
import { REFERENCES, referenceScript, type ProbeResult } from '../../impls/reference/references.ts';
import type { ProgressEvent } from '../runner.ts';
import { isReferenceName, isStyleName, type SystemName } from '../systems.ts';
import { runFaultMatrix, type FaultMatrixResult, type FaultSystem } from './matrix.ts';
import { REFERENCE_SYSTEMS, referenceFaultSystem } from './references.ts';
import { styleSystem } from './systems.ts';

/**
 * Every style of the run that has fault cases, and every real system the run includes references for (py-tornado5,
 * the Tornado release the callback style imitates, whenever its source is set up: conformance/lib/pins.ts), with its
 * echo server for the echo attack where it has one.
 */
export function faultSystems(
  systems: readonly SystemName[],
  references: ProbeResult | undefined,
  live: boolean,
  env: NodeJS.ProcessEnv = process.env,
): FaultSystem[] {
  const out: FaultSystem[] = systems.filter((s): s is StyleName => isStyleName(s) && s !== 'raw' && s !== 'raw-idiomatic').map((s) => styleSystem(s));
  // Without live reference rows, each style is held to its reference's committed rows (scenarios/faults.reference.json).
  if (!live || !references || !systems.some(isReferenceName)) return out;
  for (const ref of REFERENCE_SYSTEMS) {
    if (ref.name !== 'py-tornado5' && !systems.includes(ref.name as SystemName)) continue;
    if (isReferenceName(ref.name) && references.references[ref.name]?.['url-fetch']?.available !== true) continue;
    const system = referenceFaultSystem(ref, env);
    if ('missing' in system) continue;
    const echo = isReferenceName(ref.name) ? REFERENCES[ref.name].roles.echo : undefined;
    out.push(echo ? { ...system, echoServer: () => ({ file: references.python, args: ['-B', referenceScript(echo.script), '--host', '127.0.0.1', '--port', '0'] }) } : system);
  }
  return out;
}

export async function runFaultsForRun(
  systems: readonly SystemName[],
  references: ProbeResult | undefined,
  live: boolean,
  ctx: { signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void },
): Promise<FaultMatrixResult> {
  let counted = false;
  return runFaultMatrix({
    systems: faultSystems(systems, references, live),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onPlanned: (rows) => {
      if (!counted) ctx.onProgress?.({ kind: 'more-steps', count: rows });
      counted = true;
    },
    onStep: (label) => ctx.onProgress?.({ kind: 'step', label }),
  });
}
