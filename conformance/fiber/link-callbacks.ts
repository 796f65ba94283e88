// link(cb) runs cb in a greenlet of its own, started at once when the hub notifies the links (in the order they were
// added, rawlinks among them), so a link that blocks lets the next one run; links are notified on a later hub turn,
// never inline, even when added to a greenlet that is already dead; a link that raises is printed with the greenlet.
import { emit } from '../lib/transcript.ts';
import { Event, getCurrent, run, sleep, spawn, type Green, type Greenlet } from '../../impls/fiber/index.ts';

const linkDone = new Event();

class ValueError extends Error {
  override name = 'ValueError';
}
class KeyError extends Error {
  override name = 'KeyError';
}

function* work(name: string): Green<string> {
  emit('run', name);
  return name;
}

function* blocking_link(g: Greenlet<unknown>): Green<void> {
  emit('blocking link starts', g.value);
  yield* sleep(0.01);
  emit('blocking link ends');
  linkDone.set();
}

function plain_link(g: Greenlet<unknown>): void {
  emit('plain link', g.value, 'in a greenlet', getCurrent() !== undefined);
}

function raw(g: Greenlet<unknown>): void {
  emit('rawlink', g.value);
}

function failing_link(): void {
  emit('failing link');
  throw new ValueError('link');
}

function only_value(g: Greenlet<unknown>): void {
  emit('link_value', g.value);
}

function only_exception(g: Greenlet<unknown>): void {
  emit('link_exception', (g.exception as Error).name);
}

function* fails(): Green<never> {
  throw new KeyError('x');
}

function* main(): Green<void> {
  const a = spawn(work, 'a');
  a.link(blocking_link);
  a.rawlink(raw);
  a.link(plain_link);
  spawn(work, 'b');
  yield* linkDone.wait();
  yield* sleep(0.01);
  a.link(plain_link);
  emit('late link added');
  yield* sleep(0);
  emit('after a turn');
  a.link(failing_link);
  a.link(plain_link);
  yield* sleep(0.01);
  const c = spawn(fails);
  for (const g of [a, c] as Array<Greenlet<unknown>>) {
    g.linkValue(only_value);
    g.linkException(only_exception);
  }
  yield* sleep(0.01);
  emit('end');
}

run(main);
