/**
 * One pinned reference per style: the real system each style's conformance cases are checked against, which Python
 * runs it, and how to prove the pin before a golden transcript is written from it.
 *
 * - callback → Tornado 5.1.1, the last release with the callback API (`fetch(url, callback)`, stack contexts), on
 *   Python 3.7, which its release runs on unchanged. It is not packaged: point TESTBED_TORNADO5_SRC at a directory
 *   holding the `tornado/` package of the v5.1.1 tag (pure Python; its C speedups are optional and not needed).
 * - fiber → gevent 22.10, Debian's python3-gevent for Debian's python3 (`npm run references:install`).
 * - async → asyncio of CPython 3.12: the style follows 3.12 semantics (waitFor, TaskGroup, uncancel).
 *
 * Each interpreter can be overridden by an environment variable for machines laid out differently.
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ConformanceStyle = 'callback' | 'fiber' | 'async';
export const CONFORMANCE_STYLES: readonly ConformanceStyle[] = ['callback', 'fiber', 'async'];

export interface Pin {
  system: string;
  /** Environment variables that change where it is found. */
  knobs: string[];
  /** Interpreter and environment to run a case with, or why it cannot be had here. */
  resolve(env: NodeJS.ProcessEnv): { python: string; env: Record<string, string> } | { missing: string };
  /** Python source that exits non-zero (with a message) unless the pinned version is the one imported. */
  check: string;
}

/** The newest pyenv interpreter of a minor version, if pyenv has one. */
function pyenvPython(minor: string): string | undefined {
  const root = path.join(process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv'), 'versions');
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => v.startsWith(`${minor}.`) && /^\d+\.\d+\.\d+$/.test(v));
  versions.sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]));
  const found = versions.map((v) => path.join(root, v, 'bin', 'python3')).find(existsSync);
  return found;
}

export const PINS: Record<ConformanceStyle, Pin> = {
  callback: {
    system: 'Tornado 5.1.1 on Python 3.7',
    knobs: ['TESTBED_TORNADO5_SRC', 'TESTBED_TORNADO5_PYTHON'],
    resolve(env) {
      const src = env.TESTBED_TORNADO5_SRC;
      if (!src || !existsSync(path.join(src, 'tornado', 'ioloop.py'))) {
        return { missing: 'set TESTBED_TORNADO5_SRC to a directory holding the tornado/ package of Tornado\'s v5.1.1 tag (e.g. git clone --depth 1 --branch v5.1.1 https://github.com/tornadoweb/tornado)' };
      }
      const python = env.TESTBED_TORNADO5_PYTHON ?? pyenvPython('3.7');
      if (!python) return { missing: 'no Python 3.7 found (pyenv install 3.7, or set TESTBED_TORNADO5_PYTHON)' };
      return { python, env: { PYTHONPATH: src } };
    },
    check: "import sys, tornado\nif tornado.version != '5.1.1': sys.exit('tornado %s imported, 5.1.1 pinned' % tornado.version)",
  },
  fiber: {
    system: 'gevent 22.10 on Debian\'s Python 3.11',
    knobs: ['TESTBED_GEVENT_PYTHON'],
    resolve(env) {
      const python = env.TESTBED_GEVENT_PYTHON ?? '/usr/bin/python3';
      return existsSync(python) ? { python, env: {} } : { missing: `${python} does not exist (npm run references:install, or set TESTBED_GEVENT_PYTHON)` };
    },
    check: "import sys, gevent\nif not gevent.__version__.startswith('22.10'): sys.exit('gevent %s imported, 22.10 pinned' % gevent.__version__)",
  },
  async: {
    system: 'asyncio of CPython 3.12',
    knobs: ['TESTBED_ASYNCIO_PYTHON'],
    resolve(env) {
      const python = env.TESTBED_ASYNCIO_PYTHON ?? pyenvPython('3.12');
      return python ? { python, env: {} } : { missing: 'no Python 3.12 found (pyenv install 3.12, or set TESTBED_ASYNCIO_PYTHON)' };
    },
    check: "import sys\nif sys.version_info[:2] != (3, 12): sys.exit('Python %d.%d, 3.12 pinned' % sys.version_info[:2])",
  },
};
