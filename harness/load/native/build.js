// npm's install step (after the task-context addon): builds the native echo load generator, echoload.c, with the C
// compiler alone (libc only, so no node-gyp and no headers). A machine that cannot build it still installs: the
// harness then drives echo with the Node generator, which costs as much CPU as the servers it measures, and every
// result says which generator ran (harness/load/echo-generator.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const output = join(here, 'build', 'echoload');
const compiler = process.env.CC || 'cc';

function warn(cause) {
  console.warn(
    `\nWARNING: the native echo load generator did not build: ${cause}.\n` +
      'Echo trials will use the Node generator, whose own CPU can limit what they measure; results say so.\n' +
      'Fix that, then run `npm run install` (or `npm ci`) again.\n',
  );
}

if (process.platform !== 'linux') {
  warn(`it uses epoll, which ${process.platform} does not have`);
  process.exit(0);
}
mkdirSync(dirname(output), { recursive: true });
// A binary from an earlier build must not outlive a failed one: the harness would run code that is no longer echoload.c.
rmSync(output, { force: true });
const args = ['-std=gnu11', '-O2', '-Wall', '-Wextra', '-o', output, join(here, 'echoload.c')];
const result = spawnSync(compiler, args, { stdio: 'inherit' });
if (result.error) warn(`${compiler} could not start (${result.error.message}); it needs a C compiler (set CC to name one)`);
else if (result.status !== 0) warn(`${compiler} failed (exit ${result.status ?? result.signal})`);
else console.log(`native echo load generator: built ${output}`);
