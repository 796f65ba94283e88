import { afterEach, describe, expect, it } from 'vitest';
import { setImmediate as tick } from 'node:timers/promises';
import { watchInterrupts, type Interrupts } from './interrupts.ts';

describe('watchInterrupts', () => {
  let interrupts: Interrupts | undefined;
  afterEach(() => interrupts?.dispose());

  it('lets a dozen live processes listen for the halt without a leak warning', async () => {
    interrupts = watchInterrupts({ say: () => undefined, beforeQuit: () => undefined });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const listeners = Array.from({ length: 12 }, () => () => undefined);
      for (const l of listeners) interrupts.halt.addEventListener('abort', l, { once: true });
      await tick();
      await tick();
      for (const l of listeners) interrupts.halt.removeEventListener('abort', l);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
