/**
 * Finding the interpreter, and skipping with a reason: a Python without the systems (pyenv's 3.11.7 here) must
 * make every reference that needs one say which module is missing and how to install it, while the references that
 * need only the standard library stay available; a reference started anyway greets 'unavailable' and exits 3.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startReference } from '../../harness/agents/reference.ts';
import { ReferenceUnavailable } from '../../harness/agents/python-process.ts';
import { findPython, INSTALL_COMMAND, probeReferences, REFERENCES, referenceScript } from './references.ts';

/** A Python 3.11 without Tornado, gevent, aiohttp or uvloop. */
const BARE_PYTHON = '/root/.pyenv/versions/3.11.7/bin/python3';
const hasBare = existsSync(BARE_PYTHON);

describe('findPython', () => {
  it('prefers $TESTBED_PYTHON, then Debian\'s /usr/bin/python3, then python3 on PATH', () => {
    expect(findPython({ TESTBED_PYTHON: '/opt/py/bin/python3' }, () => true)).toBe('/opt/py/bin/python3');
    expect(findPython({}, (p) => p === '/usr/bin/python3')).toBe('/usr/bin/python3');
    expect(findPython({}, () => false)).toBe('python3');
  });
});

describe('probeReferences', () => {
  it.skipIf(!hasBare)(`on a Python without the systems: skipped with the missing module and ${INSTALL_COMMAND}${hasBare ? '' : ` — skipped: no ${BARE_PYTHON} here`}`, async () => {
    const probe = await probeReferences(BARE_PYTHON);
    const skipped = (reason: string) => ({ available: false, skipped: reason, install: INSTALL_COMMAND });
    expect(probe.references['py-tornado']).toEqual({ echo: skipped("No module named 'tornado'"), 'url-fetch': skipped("No module named 'tornado'") });
    expect(probe.references['py-gevent'].echo).toEqual(skipped("No module named 'gevent'"));
    expect(probe.references['py-asyncio']['url-fetch']).toEqual(skipped("No module named 'aiohttp'"));
    expect(probe.references['py-uvloop'].echo).toEqual(skipped("No module named 'uvloop'"));
    // asyncio is the standard library: its echo servers run on any Python 3, and their version is Python's.
    expect(probe.references['py-asyncio'].echo).toEqual({ available: true, version: '3.11.7', python: '3.11.7' });
    expect(probe.references['py-asyncio-protocol'].echo).toEqual({ available: true, version: '3.11.7', python: '3.11.7' });
  });

  it('with no interpreter at all: every reference skipped, saying so', async () => {
    const probe = await probeReferences('/nonexistent/python3');
    for (const ref of Object.values(REFERENCES)) {
      for (const scenario of Object.keys(ref.roles) as Array<keyof typeof ref.roles>) {
        expect(probe.references[ref.name][scenario]).toEqual({
          available: false,
          skipped: "no Python interpreter at '/nonexistent/python3' (set TESTBED_PYTHON to one)",
          install: INSTALL_COMMAND,
        });
      }
    }
  });
});

describe('a reference whose system is missing', () => {
  it.skipIf(!hasBare)('greets {"event":"unavailable"} and exits 3', async () => {
    const r = await execa(BARE_PYTHON, [referenceScript('gevent_fetch.py')], { reject: false, stdin: 'ignore', timeout: 20_000 });
    expect(r.exitCode).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({ event: 'unavailable', reason: "No module named 'gevent'" });
  });

  it.skipIf(!hasBare)('fails to start with ReferenceUnavailable, which carries the reason', async () => {
    const failure = startReference('py-tornado', 'echo', { python: BARE_PYTHON });
    await expect(failure).rejects.toBeInstanceOf(ReferenceUnavailable);
    await expect(failure).rejects.toMatchObject({ reason: "No module named 'tornado'" });
  });
});
