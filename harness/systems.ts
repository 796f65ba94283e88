/**
 * What a row of a report can be: one of this project's styles (raw included), or one of the real Python systems it
 * imitates (a reference, impls/reference/). Both run through the same harness; these helpers say which is which and
 * which reference a style is held to (its namesake).
 */
import { isStyleName, STYLE_NAMES, type StyleName } from '../impls/contract.ts';
import { isReferenceName, REFERENCE_NAMES, REFERENCES, type ReferenceName, type ReferenceScenario } from '../impls/reference/references.ts';

export type SystemName = StyleName | ReferenceName;
export const SYSTEM_NAMES: readonly SystemName[] = [...STYLE_NAMES, ...REFERENCE_NAMES];

export function isSystemName(value: string): value is SystemName {
  return isStyleName(value) || isReferenceName(value);
}

export { isReferenceName, isStyleName };

/** The reference a style imitates (callback → py-tornado, …), if any. */
export function namesakeOf(system: string): ReferenceName | undefined {
  return REFERENCE_NAMES.find((r) => REFERENCES[r].imitatedBy === system);
}

/** Whether `system` has a row in `scenario`: styles have every scenario, references only the roles they have. */
export function runsScenario(system: SystemName, scenario: string): boolean {
  if (system === 'raw-idiomatic') return scenario === 'url-fetch' || scenario === 'echo'; // plain Node's one-liners
  if (!isReferenceName(system)) return true;
  return REFERENCES[system].roles[scenario as ReferenceScenario] !== undefined;
}
