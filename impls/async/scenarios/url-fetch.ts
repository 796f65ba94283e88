/**
 * URL-fetch the way an asyncio programmer writes it: one task per URL, a Semaphore bounding how many are in
 * flight, gather() for the results in order, one ClientSession (keep-alive pool) for all of them.
 */
import { performance } from 'node:perf_hooks';
import { ClientSession, Semaphore, TCPConnector, createTask, gather } from '../index.ts';

/** What one URL's task returns: the status and the verdict on its body, never the body itself. */
export type FetchResult =
  | { url: string; ok: true; status: number; bodyBytes: number; bodyMatches: boolean; latencyMs: number }
  | { url: string; ok: false; error: unknown; latencyMs: number };

/** The per-response code: looks at a body as it arrives (the harness's check) and says whether it was right. */
export type BodyCheck = (index: number, body: Buffer) => boolean;

// #region url-fetch
async function fetchOne(session: ClientSession, slots: Semaphore, url: string, index: number, timeout: number, check: BodyCheck): Promise<FetchResult> {
  await slots.acquire();
  const started = performance.now();
  try {
    const response = await session.get(url, { timeout: { total: timeout } });
    response.raiseForStatus();
    const { status, body } = response;
    const latencyMs = performance.now() - started;
    return { url, ok: true, status, bodyBytes: body.length, bodyMatches: check(index, body), latencyMs };
  } catch (error) {
    return { url, ok: false, error, latencyMs: performance.now() - started };
  } finally {
    slots.release();
  }
}

/**
 * Run inside the layer's run(): fetches every URL, at most `concurrency` at once, each within `timeout` seconds,
 * results in `urls` order.
 */
export async function fetchAll(urls: readonly string[], concurrency: number, timeout: number, check: BodyCheck): Promise<FetchResult[]> {
  const session = new ClientSession({ connector: new TCPConnector({ limit: concurrency }) });
  const slots = new Semaphore(concurrency);
  try {
    return await gather(...urls.map((url, i) => createTask(fetchOne, session, slots, url, i, timeout, check)));
  } finally {
    session.close();
  }
}
// #endregion
