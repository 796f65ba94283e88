/**
 * Per-row request records on the target server, so the fault matrix can confirm at the server what a style claims
 * in its process. A request whose URL carries `?tag=T` (and `&child=N`) is recorded under T with its wall-clock start
 * and end (epoch milliseconds, comparable with a child process's own clock) and how it ended: completed (the response
 * was sent in full), aborted (the client went away first: the request really stopped), or reset (the server cut it on
 * purpose, /reset). The records let a row be judged at any moment after the fact (what had finished, been abandoned
 * or was still open when its caller's scope ended), instead of reading counters at a moment that races the events.
 *
 *   GET /stats/:tag    {"started":5,"completed":4,"aborted":1,"reset":0,"open":0,"requests":[…]}
 */
import type { FastifyInstance } from 'fastify';
import { performance } from 'node:perf_hooks';

export interface TaggedRequest {
  /** The `child` query parameter, when it is a number. */
  child: number | null;
  startedAt: number;
  /**
   * When it ended: for a completed request, when the server began sending its response (so, no later than the client
   * could have had it); for an abandoned or reset one, when the server noticed the connection close.
   */
  endedAt?: number;
  how?: 'completed' | 'aborted' | 'reset';
}

export interface TagCounts {
  started: number;
  completed: number;
  aborted: number;
  reset: number;
  open: number;
}

export interface TagRecord extends TagCounts {
  requests: TaggedRequest[];
}

/** Tags kept at most, and requests recorded per tag; the oldest tags are forgotten first. */
const MAX_TAGS = 10_000;
const MAX_REQUESTS_PER_TAG = 1000;

/** Epoch milliseconds with sub-millisecond precision. */
const wallNow = (): number => performance.timeOrigin + performance.now();

const emptyRecord = (): TagRecord => ({ started: 0, completed: 0, aborted: 0, reset: 0, open: 0, requests: [] });

export function installTagCounters(app: FastifyInstance): void {
  const records = new Map<string, TagRecord>();
  const entries = new WeakMap<object, TaggedRequest>();
  const sentAt = new WeakMap<TaggedRequest, number>();
  const recordFor = (tag: string): TagRecord => {
    let r = records.get(tag);
    if (!r) {
      if (records.size >= MAX_TAGS) records.delete(records.keys().next().value!);
      records.set(tag, (r = emptyRecord()));
    }
    return r;
  };

  app.addHook('onRequest', (request, reply, done) => {
    const { tag, child } = request.query as { tag?: unknown; child?: unknown };
    if (typeof tag === 'string' && tag !== '') {
      const r = recordFor(tag);
      r.started++;
      r.open++;
      const entry: TaggedRequest = { child: typeof child === 'string' && /^\d+$/.test(child) ? Number(child) : null, startedAt: wallNow() };
      if (r.requests.length < MAX_REQUESTS_PER_TAG) r.requests.push(entry);
      const res = reply.raw;
      res.once('close', () => {
        r.open--;
        const closedAt = wallNow();
        if (res.writableFinished) entry.how = 'completed';
        else if (request.url.startsWith('/reset')) entry.how = 'reset';
        else entry.how = 'aborted';
        // The close is seen when this (busy) process gets to it; a completed response's time is when it was sent.
        entry.endedAt = entry.how === 'completed' ? (sentAt.get(entry) ?? closedAt) : closedAt;
        r[entry.how]++;
      });
      entries.set(request.raw, entry);
    }
    done();
  });

  // When each tagged response starts to go out (fastify's onSend runs just before it is written).
  app.addHook('onSend', (request, _reply, payload, done) => {
    const entry = entries.get(request.raw);
    if (entry) sentAt.set(entry, wallNow());
    done(null, payload);
  });

  app.get<{ Params: { tag: string } }>('/stats/:tag', async (req) => records.get(req.params.tag) ?? emptyRecord());
}
