/**
 * Every kind of unit the scale measurements park, by id. Each style's kinds are written against its public API only,
 * in harness/scale/<style>.ts; ./child.ts measures one kind per process.
 */
import { ASYNC_KINDS } from './async.ts';
import { CALLBACK_KINDS } from './callback.ts';
import { FIBER_KINDS } from './fiber.ts';
import { RAW_KINDS } from './raw.ts';
import type { UnitKind } from './unit.ts';

export const UNIT_KINDS: readonly UnitKind[] = [...RAW_KINDS, ...CALLBACK_KINDS, ...FIBER_KINDS, ...ASYNC_KINDS];

export function unitKind(kind: string): UnitKind | undefined {
  return UNIT_KINDS.find((k) => k.kind === kind);
}
