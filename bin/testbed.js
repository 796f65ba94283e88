#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript sources run as they are (no build step to forget), then hands over.
import { register } from 'tsx/esm/api';

register();
// A reader that went away (a closed pipe, a closed terminal, an npm that was killed) must not turn the end of a run
// into a crash: by then the report files are written, and the exit code still says how the run went.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
const { main } = await import('../harness/cli.ts');
process.exitCode = await main(process.argv.slice(2));
