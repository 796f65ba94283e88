/**
 * How the harness finds a style: by name, through the style's `adapter.ts` default export, never by reaching into
 * its internals. A style whose folder has no driver yet is reported as unavailable rather than crashing the run.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StyleDriver, StyleName } from './contract.ts';
import { guardLoopback } from './shared/loopback.ts';

export function driverPath(style: StyleName): string {
  return fileURLToPath(new URL(`./${style}/adapter.ts`, import.meta.url));
}

export function isStyleAvailable(style: StyleName): boolean {
  return existsSync(driverPath(style));
}

/** The style's driver, behind the loopback guard every entry point goes through (impls/shared/loopback.ts). */
export async function loadDriver(style: StyleName): Promise<StyleDriver> {
  const mod = (await import(driverPath(style))) as { default?: StyleDriver };
  if (!mod.default || mod.default.name !== style) throw new Error(`impls/${style}/adapter.ts does not export a '${style}' StyleDriver`);
  return guardLoopback(mod.default);
}
