import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AgentCrashed, AgentProcess } from './process.ts';

const disconnecting = fileURLToPath(new URL('../../test/fixtures/agents/disconnecting.ts', import.meta.url));

describe('AgentProcess', () => {
  it('turns a request to an agent whose channel is closed into AgentCrashed once it exits, and leaves no stray rejection', async () => {
    const agent = await AgentProcess.start({ entry: disconnecting, label: 'fixture agent' });
    expect(await agent.request('leave', undefined, 5000)).toBe('leaving');
    await new Promise((r) => setTimeout(r, 500)); // the disconnect arrives; the child lives 2 s more
    // Before: the send threw synchronously, this rejected with execa's message, and the waiter it had registered was
    // rejected at exit with nobody listening: an unhandled rejection that ended the testbed before its report.
    await expect(agent.request('anything', undefined, 5000)).rejects.toThrow(AgentCrashed);
    await agent.stop(); // and stopping it then is quiet too
  }, 15_000);
});
