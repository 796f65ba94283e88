/**
 * URL-fetch the way an asyncio programmer writes it: one task per URL, a Semaphore bounding how many are in
 * flight, gather() for the results in order, one ClientSession (keep-alive pool) for all of them.
 */
import { performance } from 'node:perf_hooks';
import { ClientSession, Semaphore, TCPConnector, createTask, gather } from '../index.ts';

export type FetchResult =
  | { url: string; ok: true; status: number; body: Buffer; latencyMs: number }
  | { url: string; ok: false; error: unknown; latencyMs: number };

async function fetchOne(session: ClientSession, slots: Semaphore, url: string, timeoutMs: number): Promise<FetchResult> {
  await slots.acquire();
  const started = performance.now();
  try {
    const response = await session.get(url, { timeoutMs });
    response.raiseForStatus();
    return { url, ok: true, status: response.status, body: response.body, latencyMs: performance.now() - started };
  } catch (error) {
    return { url, ok: false, error, latencyMs: performance.now() - started };
  } finally {
    slots.release();
  }
}

/** Run inside the layer's run(): fetches every URL, at most `concurrency` at once, results in `urls` order. */
export async function fetchAll(urls: readonly string[], concurrency: number, timeoutMs: number): Promise<FetchResult[]> {
  const session = new ClientSession({ connector: new TCPConnector({ limit: concurrency }) });
  const slots = new Semaphore(concurrency);
  try {
    return await gather(...urls.map((url) => createTask(fetchOne, session, slots, url, timeoutMs)));
  } finally {
    session.close();
  }
}
