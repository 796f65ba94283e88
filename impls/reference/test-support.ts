/** For the references' end-to-end tests: one running reference per suite, and skip reasons in test names. */
import { afterAll, beforeAll } from 'vitest';
import { startReference, type RunningReference } from '../../harness/agents/reference.ts';
import type { Availability, ReferenceName, ReferenceScenario } from './references.ts';

/** '' when available; else " — skipped: <reason> (install: npm run references:install)". */
export function skipNote(availability: Availability): string {
  return availability.available ? '' : ` — skipped: ${availability.skipped} (install: ${availability.install})`;
}

/** Starts the reference before the suite (if it is available) and stops it after; the getter reads it in tests. */
export function useReference(name: ReferenceName, scenario: ReferenceScenario, availability: Availability): () => RunningReference {
  let ref: RunningReference | undefined;
  beforeAll(async () => {
    if (availability.available) ref = await startReference(name, scenario);
  });
  afterAll(() => ref?.process.stop());
  return () => {
    if (!ref) throw new Error(`${name} (${scenario}) is not running`);
    return ref;
  };
}
