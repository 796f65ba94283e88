/**
 * package.json promises Node >=20.19 (engines); `npm ci --engine-strict` holds every installed package to that
 * promise. This checks the lock file the same way, without a network: every locked package must accept the oldest
 * Node we claim to support.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockFile {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
}

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as LockFile;

describe('declared engines', () => {
  it('every locked package runs on the oldest Node that package.json accepts', () => {
    const oldest = semver.minVersion(root.engines.node)!.version;
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range && !semver.satisfies(oldest, range) ? [`${name}@${entry.version} wants node ${range}`] : [];
      });
    expect(refusing, `Node ${oldest}`).toEqual([]);
  });
});
