/**
 * The entry point of a fiber program: `run(main)` is what the top level of a gevent script is. In gevent the
 * script's own code runs in the main greenlet; when it ends the interpreter exits, whatever other greenlets are
 * still waiting, and when it raises, Python prints the traceback and exits with status 1. `run` gives a generator
 * function those semantics:
 *
 *     function* main(): Green<void> { ... yield* sleep(0.5) ... }
 *     run(main);
 *
 * Embedding a hub in a program that goes on afterwards (the harness adapter, tests) is `new Hub().run(fn)`
 * instead, which only starts a main greenlet and reports its end through its links.
 */
import { BlockingSwitchOutError, formatTraceback } from './exceptions.ts';
import { getCurrent } from './greenlet.ts';
import { getHub } from './hub.ts';
import type { Green } from './waiter.ts';

/**
 * Plain code only (the top level of a script). Runs `main(...args)` as the main greenlet of the default hub, then
 * ends the process: with status 0 (or process.exitCode) when main returns, or, when it raises, after printing the
 * traceback to stderr, with status 1. Greenlets still running when main ends are abandoned, as in gevent.
 */
export function run<A extends unknown[]>(main: (...args: A) => Green<unknown>, ...args: A): void {
  if (getCurrent() !== undefined) throw new BlockingSwitchOutError('run() starts a program; from a greenlet, use spawn()');
  getHub().run(asScript(main), ...args);
}

/** `main` with a program's ending; it keeps main's name, which the greenlet's repr shows. */
function asScript<A extends unknown[]>(main: (...args: A) => Green<unknown>): (...args: A) => Green<void> {
  function* script(...args: A): Green<void> {
    try {
      yield* main(...args);
    } catch (err) {
      // Caught here, inside the main greenlet, so that the hub does not also report it as a failed greenlet.
      process.stderr.write(`${formatTraceback(err)}\n`);
      process.exit(1);
    }
    getCurrent()!.reportUnrunCalls(); // the process ends before the greenlet would
    process.exit();
  }
  Object.defineProperty(script, 'name', { value: main.name });
  return script;
}
