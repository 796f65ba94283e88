/**
 * However a run ends, nothing is left behind, and an interrupt is never reported as a style's crash. These start the
 * testbed as a user (or npm, or CI) would, as real processes, and look at what remains through /proc.
 */
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GroupResult, RunReport } from '../harness/results.ts';
import { descendants, eventually, isRunning, listeningPorts, stillListening } from './processes.ts';

const bin = fileURLToPath(new URL('../bin/testbed.js', import.meta.url));
/** Pinned when taskset and two cores exist, so the agents are started through taskset as in a real run. */
const longEchoRun = (out: string): string[] => ['run', '--style', 'raw', '--scenario', 'echo', '--size', '1k', '--duration', '20', '--warmup', '0.2', '--trials', '2', '--out', out];

function untilOutput(stream: NodeJS.ReadableStream, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
  });
}

describe.skipIf(process.platform !== 'linux')('orphaned and interrupted runs', () => {
  it('stops, cleans up and reports itself interrupted when whoever started it is killed (npm under timeout or CI)', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'testbed-orphan-'));
    const log = path.join(out, 'stderr.txt');
    // A shell that does not exec the testbed stands in for npm's `sh -c`; it dies without passing anything on. The
    // testbed's output goes to files, as it would to a terminal, so that it outlives the shell.
    const quoted = [process.execPath, bin, ...longEchoRun(out)].map((a) => `'${a}'`).join(' ');
    const wrapper = execa('sh', ['-c', `${quoted} >'${path.join(out, 'stdout.txt')}' 2>'${log}'; true`], { reject: false, timeout: 60_000 });
    const started = await eventually(() => existsSync(log) && readFileSync(log, 'utf8').includes('[2/3]'), 20_000); // measuring
    expect(started, existsSync(log) ? readFileSync(log, 'utf8') : 'no output').toBe(true);
    const tree = descendants(wrapper.pid!);
    const ports = listeningPorts(tree);
    expect(tree.length).toBeGreaterThanOrEqual(3); // testbed, style host, load generator
    expect(ports.length).toBeGreaterThanOrEqual(1); // the style's echo server

    wrapper.kill('SIGKILL');
    await wrapper;
    expect(await eventually(() => tree.every((pid) => !isRunning(pid)), 10_000), `still running: ${tree.filter(isRunning)}`).toBe(true);
    expect(stillListening(ports)).toEqual([]);
    const stderr = readFileSync(log, 'utf8');
    expect(stderr).toContain('the process that started this run is gone: stopping every process now');
    const [jsonFile] = (await readdir(out)).filter((f) => f.endsWith('.json'));
    expect(jsonFile, stderr).toBeDefined();
    const report = JSON.parse(await readFile(path.join(out, jsonFile!), 'utf8')) as RunReport;
    expect(report.meta.interrupted).toBe(true);
    expect(report.groups[0]!.cells[0]).toMatchObject({ state: 'aborted' });
  }, 40_000);

  it('leaves no agent behind when the testbed itself is SIGKILLed', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'testbed-orphan-'));
    const testbed = execa(process.execPath, [bin, ...longEchoRun(out)], { reject: false, timeout: 60_000 });
    await untilOutput(testbed.stderr, '[2/3]');
    const agents = descendants(testbed.pid!);
    const ports = listeningPorts(agents);
    expect(agents.length).toBeGreaterThanOrEqual(2);
    expect(ports.length).toBeGreaterThanOrEqual(1);

    testbed.kill('SIGKILL');
    expect(await eventually(() => agents.every((pid) => !isRunning(pid)), 10_000), `still running: ${agents.filter(isRunning)}`).toBe(true);
    expect(stillListening(ports)).toEqual([]);
    await testbed;
  }, 30_000);

  it('reports a style whose process was starting when Ctrl-C came as aborted, not as crashed by SIGINT', async () => {
    const script = fileURLToPath(new URL('./fixtures/interrupt-while-starting.ts', import.meta.url));
    const r = await execa(process.execPath, ['--import', 'tsx', script], { reject: false, timeout: 60_000, detached: true });
    expect(r.exitCode, r.stderr).toBe(0);
    const [group] = JSON.parse(r.stdout) as GroupResult[];
    const callback = group!.cells.find((c) => c.style === 'callback')!;
    expect(callback).toMatchObject({ state: 'aborted' });
    expect(JSON.stringify(group)).not.toMatch(/SIGINT|crashed/);
  }, 30_000);
});
