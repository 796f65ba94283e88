/**
 * The per-request deadline (deadline.ts) nests like asyncio's timeout() scopes: the scope whose deadline passed
 * turns the cancellation into TimeoutError; an inner scope lets it through; an inner expiry leaves the outer alone.
 */
import { describe, expect, it } from 'vitest';
import { CancelledError, TimeoutError, run, sleep } from './index.ts';
import { withDeadline } from './deadline.ts';

/** The outcome of `promise` within 2 s, on a plain timer (not the layer's). */
function outcomeWithin2s(promise: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, 2000, 'still pending after 2 s')));
  return Promise.race([promise.then((value) => ({ value }), (error: unknown) => ({ error })), late]).finally(() => clearTimeout(timer));
}

describe('nested deadlines', () => {
  it('an outer deadline reaches a wait inside an inner one, and is the one that throws TimeoutError', async () => {
    await run(async () => {
      let innerSaw: unknown;
      const nested = withDeadline(20, () =>
        withDeadline(10_000, async () => {
          try {
            await sleep(10);
          } catch (err) {
            innerSaw = err;
            throw err;
          }
        }),
      );
      expect(await outcomeWithin2s(nested)).toEqual({ error: expect.any(TimeoutError) });
      expect(innerSaw).toBeInstanceOf(CancelledError);
    });
  });

  it('an inner deadline passing throws TimeoutError inside, and the outer body carries on', async () => {
    await run(async () => {
      const steps: string[] = [];
      const result = await withDeadline(10_000, async () => {
        try {
          await withDeadline(20, () => sleep(10));
        } catch (err) {
          steps.push(err instanceof TimeoutError ? 'inner TimeoutError' : String(err));
        }
        await sleep(0.01);
        steps.push('outer goes on');
        return 'outer result';
      });
      expect(result).toBe('outer result');
      expect(steps).toEqual(['inner TimeoutError', 'outer goes on']);
    });
  });

  it('an outer deadline that passes while no library wait is pending reaches the next one, inside the inner scope', async () => {
    await run(async () => {
      const nested = withDeadline(20, () =>
        withDeadline(10_000, async () => {
          await new Promise((resolve) => setTimeout(resolve, 100)); // a foreign await: the deadline passes meanwhile
          await sleep(10);
        }),
      );
      expect(await outcomeWithin2s(nested)).toEqual({ error: expect.any(TimeoutError) });
    });
  });
});
