/**
 * run(main), the entry point of a fiber program, in child processes: an uncaught failure of main ends the process as
 * an uncaught exception ends a Python script (traceback on stderr, status 1), and main's end is the program's end.
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIBER = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Runs a small ES module (which may import `FIBER`) in a child Node with tsx; never longer than 20 s. */
function runScript(source: string): ReturnType<typeof execa> {
  return execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { reject: false, timeout: 20_000, stdin: 'ignore' });
}

describe('run(main)', () => {
  it('an uncaught error in main prints its traceback and exits with status 1, leaving other greenlets unrun', async () => {
    const r = await runScript(`
      import { run, sleep, spawn } from ${JSON.stringify(FIBER)};
      class KeyError extends Error { name = 'KeyError'; }
      run(function* main() {
        spawn(function* later() { yield* sleep(0.05); console.log('later ran'); });
        console.log('main runs');
        yield* sleep(0.001);
        throw new KeyError('boom');
      });
    `);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('main runs');
    expect(r.stderr).toMatch(/^KeyError: boom\n\s+at /);
    expect(r.stderr).not.toContain('failed with'); // main is the program, not a greenlet the hub reports
  });

  it('ends the process when main returns, with greenlets still sleeping for a minute', async () => {
    const started = performance.now();
    const r = await runScript(`
      import { run, sleep, spawn } from ${JSON.stringify(FIBER)};
      run(function* main() {
        spawn(function* sleeper() { yield* sleep(60); console.log('sleeper woke'); });
        yield* sleep(0);
        console.log('main returns');
      });
    `);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('main returns');
    expect(r.stderr).toBe('');
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('a Timeout that ends main is printed as a traceback too, though Timeouts carry no stack', async () => {
    const r = await runScript(`
      import { Event, Timeout, run } from ${JSON.stringify(FIBER)};
      run(function* main() {
        Timeout.startNew(0.01);
        yield* new Event().wait();
      });
    `);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^Timeout: 0\.01 seconds\n\s+at /);
  });

  it('names a blocking call main made without yield* before the program ends', async () => {
    const r = await runScript(`
      import { run, sleep } from ${JSON.stringify(FIBER)};
      run(function* main() {
        sleep(10); // forgotten yield*: returns at once
        console.log('main done');
      });
    `);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('main done');
    expect(r.stderr).toMatch(/^<Greenlet at 0x[0-9a-f]+: main> ended with 1 blocking call it never ran/);
  });

  it('refuses to start a program from inside a greenlet', async () => {
    const r = await runScript(`
      import { run, Hub } from ${JSON.stringify(FIBER)};
      new Hub().run(function* () {
        try { run(function* () {}); } catch (err) { console.log(err.name); }
      });
    `);
    expect(r.stdout).toBe('BlockingSwitchOutError');
  });
});
