/**
 * Per-row request counts on the target server, so the fault matrix can confirm at the server what a style claims
 * in its process: a request whose URL carries `?tag=T` is counted under T as started, then exactly one of
 * completed (the response was sent in full), aborted (the client went away first: the request really stopped),
 * or reset (the server cut it on purpose, /reset). `open` is what is still running.
 *
 *   GET /stats/:tag    {"started":5,"completed":4,"aborted":1,"reset":0,"open":0}
 */
import type { FastifyInstance } from 'fastify';

export interface TagCounts {
  started: number;
  completed: number;
  aborted: number;
  reset: number;
  open: number;
}

/** Tags kept at most; the oldest are forgotten first, so a long-lived server stays bounded. */
const MAX_TAGS = 10_000;

export function installTagCounters(app: FastifyInstance): void {
  const counts = new Map<string, TagCounts>();
  const countsFor = (tag: string): TagCounts => {
    let c = counts.get(tag);
    if (!c) {
      if (counts.size >= MAX_TAGS) counts.delete(counts.keys().next().value!);
      counts.set(tag, (c = { started: 0, completed: 0, aborted: 0, reset: 0, open: 0 }));
    }
    return c;
  };

  app.addHook('onRequest', (request, reply, done) => {
    const tag = (request.query as { tag?: unknown }).tag;
    if (typeof tag === 'string' && tag !== '') {
      const c = countsFor(tag);
      c.started++;
      c.open++;
      const res = reply.raw;
      res.once('close', () => {
        c.open--;
        if (res.writableFinished) c.completed++;
        else if (request.url.startsWith('/reset')) c.reset++;
        else c.aborted++;
      });
    }
    done();
  });

  app.get<{ Params: { tag: string } }>('/stats/:tag', async (req) => counts.get(req.params.tag) ?? { started: 0, completed: 0, aborted: 0, reset: 0, open: 0 });
}
