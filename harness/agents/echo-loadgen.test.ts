/** The echo load generator agent: the runner's 'echo-trial' request, served by the native generator, which never
 *  outlives the agent. */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_DEFAULTS } from '../../scenarios/echo.ts';
import { scriptedTcpServer, type ScriptedTcpServer } from '../../test/support.ts';
import type { EchoLoadResult } from '../load/echo-trial.ts';
import { AgentProcess } from './process.ts';

/** Child processes of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent; the command name before it is in parentheses and may hold spaces.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // it ended while we looked
      }
    })
    .map(Number);
}

const alive = (pid: number): boolean => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

async function within(ms: number, condition: () => boolean): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) if (condition()) return true;
  return condition();
}

describe('echo load generator agent', () => {
  let agent: AgentProcess;
  let echo: ScriptedTcpServer;
  let silent: ScriptedTcpServer;
  beforeAll(async () => {
    [agent, echo, silent] = await Promise.all([
      AgentProcess.start({ entry: 'echo-loadgen.ts', label: 'echo load generator' }),
      scriptedTcpServer((s, d) => s.write(d)),
      scriptedTcpServer(() => undefined),
    ]);
  });
  afterAll(async () => {
    await Promise.all([agent.kill(), echo.close(), silent.close()]);
  });

  it("answers the runner's echo-trial request with the native generator's verified result", async () => {
    const params = { ...ECHO_DEFAULTS, connections: 2, size: 1024, durationMs: 200 };
    const r = await agent.request<EchoLoadResult>('echo-trial', { host: '127.0.0.1', port: echo.port, params }, 10_000);
    expect(r.generator.kind).toBe('native');
    expect(r.messages).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
    expect(r.latency.count).toBe(r.messages);
  });

  it('takes its native generator with it when it is killed mid-trial', async () => {
    const params = { ...ECHO_DEFAULTS, connections: 2, size: 1024, durationMs: 30_000 };
    const trial = agent.request('echo-trial', { host: '127.0.0.1', port: silent.port, params }, 60_000).catch(() => 'ended');
    expect(await within(5000, () => childrenOf(agent.pid!).length > 0)).toBe(true);
    const [child] = childrenOf(agent.pid!);
    await agent.kill();
    expect(await trial).toBe('ended');
    expect(await within(5000, () => !alive(child!))).toBe(true);
  });
});
