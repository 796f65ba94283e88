// npm's install step: builds the task-context addon (see ../context.ts). A machine that cannot build it still gets
// a working async style, on AsyncLocalStorage instead; the warning says so, reports name the mechanism in use, and
// the test suite fails until the addon is built, so a benchmark never runs on the slow path by accident.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

if (major >= 22) {
  // Node 22+ can build AsyncLocalStorage on the same V8 slot itself; the addon would fight it for the slot.
  console.log('task-context addon: not needed on Node', process.versions.node);
  process.exit(0);
}

// Build against the headers installed beside this Node when npm names none: otherwise node-gyp downloads them, and a
// machine without that network access fails for no good reason.
const args = ['rebuild'];
const prefix = dirname(dirname(process.execPath));
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'common.gypi'))) args.push(`--nodedir=${prefix}`);

// npm puts its own node-gyp on PATH for install scripts.
const result = spawnSync('node-gyp', args, { cwd: here, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) {
  const cause = result.error
    ? `node-gyp could not start (${result.error.message}); run this step through npm, which provides it`
    : 'node-gyp failed; it needs python3, make and a C++ compiler';
  console.warn(
    `\nWARNING: the task-context addon did not build: ${cause}.\n` +
      'The async style will use AsyncLocalStorage, which costs every promise in its process a hook; its reports\n' +
      'say so. Fix that, then run `npm run install` (or `npm ci`) again.\n',
  );
}
