/**
 * Resources left open are named on stderr, as aiohttp names an unclosed ClientSession: when the process exits with
 * one still open, or when one is garbage-collected without being closed. gevent has no such warning (see
 * docs/departures.md#fiber-unclosed-client); it matters more here, where a forgotten client's connections were
 * what kept a finished program running.
 */

/** What the warning says about a resource, asked at exit (so it can say how much is still open). */
export interface Closable {
  describeUnclosed(): string;
}

const open = new Set<WeakRef<Closable>>();
const collected = new FinalizationRegistry<{ ref: WeakRef<Closable>; what: string }>((held) => {
  open.delete(held.ref);
  warn(`${held.what}, garbage-collected`);
});
let exitHook = false;

function warn(what: string): void {
  process.stderr.write(`Unclosed ${what}: close it (in a finally block) once done with it\n`);
}

function atExit(): void {
  for (const ref of open) {
    const resource = ref.deref();
    if (resource !== undefined) warn(resource.describeUnclosed());
  }
}

/** Any context. Starts watching `resource`; the token goes to closed() when it is closed. */
export function watchUnclosed(resource: Closable): WeakRef<Closable> {
  const ref = new WeakRef(resource);
  open.add(ref);
  collected.register(resource, { ref, what: resource.describeUnclosed() }, ref);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', atExit);
  }
  return ref;
}

/** Any context. The resource behind `token` was closed: no warning for it. */
export function closed(token: WeakRef<Closable>): void {
  open.delete(token);
  collected.unregister(token);
}
