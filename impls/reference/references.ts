/**
 * The Python references: the real systems the styles imitate, run as plain processes beside them.
 *
 * This module says which references exist, which Python runs them, and whether that Python has their modules. It
 * starts nothing long-lived: harness/agents/reference.ts starts and drives the processes over the protocol that
 * impls/reference/_harness.py speaks. Anyone may call it; the probe costs one short Python process.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StyleName } from '../contract.ts';

export const REFERENCE_NAMES = ['py-tornado', 'py-gevent', 'py-asyncio', 'py-asyncio-protocol', 'py-uvloop'] as const;
export type ReferenceName = (typeof REFERENCE_NAMES)[number];
export type ReferenceScenario = 'echo' | 'url-fetch';

/** What the report says to do about a reference that cannot run. */
export const INSTALL_COMMAND = 'npm run references:install';

/** One reference in one scenario: a script in impls/reference/ and the modules it imports. */
export interface ReferenceRole {
  script: string;
  /** Python modules the script needs beyond the standard library. */
  modules: string[];
  /** The module whose version is the system's; absent: asyncio, whose version is Python's. */
  versionOf?: string;
}

export interface Reference {
  name: ReferenceName;
  system: string;
  /** The style that imitates this system; absent for the echo-only comparisons. */
  imitatedBy?: StyleName;
  description: string;
  roles: Partial<Record<ReferenceScenario, ReferenceRole>>;
}

/** Both roles of a system with one echo and one url-fetch script, `<stem>_echo.py` and `<stem>_fetch.py`. */
function echoAndFetch(stem: string, module: string): Reference['roles'] {
  const role = (script: string): ReferenceRole => ({ script, modules: [module], versionOf: module });
  return { echo: role(`${stem}_echo.py`), 'url-fetch': role(`${stem}_fetch.py`) };
}

export const REFERENCES: Record<ReferenceName, Reference> = {
  'py-tornado': {
    name: 'py-tornado',
    system: 'Tornado',
    imitatedBy: 'callback',
    description: 'Tornado 6: TCPServer + IOStream echo; AsyncHTTPClient fan-out (a new connection per request)',
    roles: echoAndFetch('tornado', 'tornado'),
  },
  'py-gevent': {
    name: 'py-gevent',
    system: 'gevent',
    imitatedBy: 'fiber',
    description: 'gevent: StreamServer echo; Pool of greenlets over http.client on gevent sockets, keep-alive',
    roles: echoAndFetch('gevent', 'gevent'),
  },
  'py-asyncio': {
    name: 'py-asyncio',
    system: 'asyncio',
    imitatedBy: 'async',
    description: 'asyncio: streams echo; aiohttp ClientSession fan-out under a Semaphore, keep-alive',
    roles: {
      echo: { script: 'asyncio_echo.py', modules: [] },
      'url-fetch': { script: 'asyncio_fetch.py', modules: ['aiohttp'], versionOf: 'aiohttp' },
    },
  },
  'py-asyncio-protocol': {
    name: 'py-asyncio-protocol',
    system: 'asyncio',
    description: 'asyncio Protocol echo (data_received writes back), no task per connection; echo only',
    roles: { echo: { script: 'asyncio_protocol_echo.py', modules: [] } },
  },
  'py-uvloop': {
    name: 'py-uvloop',
    system: 'uvloop',
    description: 'the same asyncio Protocol echo on uvloop; echo only',
    roles: { echo: { script: 'uvloop_echo.py', modules: ['uvloop'], versionOf: 'uvloop' } },
  },
};

export function isReferenceName(value: string): value is ReferenceName {
  return (REFERENCE_NAMES as readonly string[]).includes(value);
}

/** Absolute path of a script in impls/reference/. */
export function referenceScript(script: string): string {
  return fileURLToPath(new URL(`./${script}`, import.meta.url));
}

/**
 * The interpreter that runs the references: $TESTBED_PYTHON, else Debian's /usr/bin/python3 (the one
 * `npm run references:install` equips), else python3 on PATH.
 */
export function findPython(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  if (env.TESTBED_PYTHON) return env.TESTBED_PYTHON;
  return exists('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export type Availability =
  | { available: true; version: string; python: string }
  | { available: false; skipped: string; install: string };

export interface ProbeResult {
  /** The interpreter probed. */
  python: string;
  references: Record<ReferenceName, Partial<Record<ReferenceScenario, Availability>>>;
}

/** Imports each module named on its command line and prints one JSON line: Python's version and each module's. */
const PROBE_SCRIPT = `
import importlib, json, platform, sys
modules = {}
for name in sys.argv[1:]:
    try:
        m = importlib.import_module(name)
        modules[name] = {'version': str(getattr(m, '__version__', None) or getattr(m, 'version', '?'))}
    except Exception as e:
        modules[name] = {'error': str(e)}
print(json.dumps({'python': platform.python_version(), 'modules': modules}))
`;
const PROBE_TIMEOUT_MS = 30_000;

interface ProbeOutput {
  python: string;
  modules: Record<string, { version: string } | { error: string }>;
}

async function runProbe(python: string, modules: string[]): Promise<ProbeOutput | string> {
  const r = await execa(python, ['-B', '-c', PROBE_SCRIPT, ...modules], { reject: false, timeout: PROBE_TIMEOUT_MS, stdin: 'ignore' });
  if (r.failed) {
    const code = (r as { code?: string }).code;
    if (code === 'ENOENT') return `no Python interpreter at '${python}' (set TESTBED_PYTHON to one)`;
    if (r.timedOut) return `'${python}' did not answer the module probe within ${PROBE_TIMEOUT_MS} ms`;
    const said = (r.stderr ?? '').trim() || (r.shortMessage ?? 'no reason given');
    return `'${python}' failed the module probe: ${said.split('\n').at(-1) ?? ''}`;
  }
  try {
    return JSON.parse(r.stdout) as ProbeOutput;
  } catch {
    return `'${python}' answered the module probe with something that is not JSON: ${r.stdout.slice(0, 200)}`;
  }
}

function availability(role: ReferenceRole, probe: ProbeOutput | string): Availability {
  if (typeof probe === 'string') return { available: false, skipped: probe, install: INSTALL_COMMAND };
  for (const module of role.modules) {
    const found = probe.modules[module];
    if (!found || 'error' in found) {
      return { available: false, skipped: found?.error ?? `module ${module} was not probed`, install: INSTALL_COMMAND };
    }
  }
  const found = role.versionOf ? probe.modules[role.versionOf] : undefined;
  const version = found && 'version' in found ? found.version : probe.python;
  return { available: true, version, python: probe.python };
}

/** Which references can run here, with one Python process that imports every module any of them needs. */
export async function probeReferences(python: string = findPython()): Promise<ProbeResult> {
  const roles = Object.values(REFERENCES).flatMap((ref) => Object.values(ref.roles));
  const modules = [...new Set(roles.flatMap((role) => role.modules))];
  const probe = await runProbe(python, modules);
  const references = Object.fromEntries(
    Object.values(REFERENCES).map((ref) => [
      ref.name,
      Object.fromEntries(Object.entries(ref.roles).map(([scenario, role]) => [scenario, availability(role, probe)])),
    ]),
  ) as ProbeResult['references'];
  return { python, references };
}
