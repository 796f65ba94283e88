/**
 * ProcProbe reads another process's CPU and memory from /proc. The child here burns a known amount of CPU time (by
 * its own clock) and holds a known amount of memory, on command, so the figures can be checked without timing races.
 */
import { execa } from 'execa';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { findPython } from '../../impls/reference/references.ts';
import { ProcessGone, ProcProbe, readProc } from './proc.ts';

/** Reads a command a line: 'burn' burns 300 ms of its own CPU time, 'hold' touches 64 MiB, 'free' frees them. */
const CHILD = `
import sys, time
held = None
for line in sys.stdin:
    cmd = line.strip()
    if cmd == 'burn':
        until = time.process_time() + 0.3
        while time.process_time() < until:
            pass
    elif cmd == 'hold':
        held = b'\\x01' * (64 << 20)
    elif cmd == 'free':
        held = None
    print(cmd, flush=True)
`;

let child: ReturnType<typeof spawnChild> | undefined;
afterEach(async () => {
  child?.process.kill('SIGKILL');
  await child?.process;
  child = undefined;
});

function spawnChild() {
  const process = execa(findPython(), ['-c', CHILD], { stdin: 'pipe', stdout: 'pipe', stderr: 'inherit', reject: false, buffer: false });
  const lines = createInterface({ input: process.stdout! })[Symbol.asyncIterator]();
  const command = async (cmd: string): Promise<void> => {
    process.stdin!.write(`${cmd}\n`);
    const { value } = await lines.next();
    if (value !== cmd) throw new Error(`child answered ${String(value)} to ${cmd}`);
  };
  return { process, pid: process.pid!, command };
}

describe('ProcProbe', () => {
  it('counts the CPU time a child burns between begin and end, and says loop figures are unknowable (null)', async () => {
    child = spawnChild();
    await child.command('ready?'); // any line is echoed once handled: the child is up
    const probe = new ProcProbe(child.pid);
    probe.begin();
    await child.command('burn');
    const sample = probe.end();
    // 300 ms burnt by the child's own clock; /proc counts 10 ms ticks, and user/system split is the kernel's call.
    expect(sample.cpuUserMs + sample.cpuSystemMs).toBeGreaterThanOrEqual(280);
    expect(sample.cpuUserMs + sample.cpuSystemMs).toBeLessThanOrEqual(sample.wallMs + 20);
    expect(sample.cpuPercent).toBeGreaterThan(0);
    expect(sample).toMatchObject({ loopDelayP50Ms: null, loopDelayP99Ms: null, loopDelayMaxMs: null, loopUtilization: null });
  });

  it('reports an idle child as using next to no CPU', async () => {
    child = spawnChild();
    await child.command('ready?');
    const probe = new ProcProbe(child.pid);
    probe.begin();
    await new Promise((r) => setTimeout(r, 300));
    const sample = probe.end();
    expect(sample.cpuUserMs + sample.cpuSystemMs).toBeLessThan(50);
  });

  it('keeps the peak RSS (VmHWM) after the memory is given back, while the current RSS falls', async () => {
    child = spawnChild();
    await child.command('ready?');
    const before = readProc(child.pid);
    await child.command('hold');
    const holding = readProc(child.pid);
    await child.command('free');
    const after = readProc(child.pid);
    expect(holding.rssMiB - before.rssMiB).toBeGreaterThanOrEqual(60);
    // (not compared with holding.rssMiB exactly: the kernel updates VmHWM lazily, a few pages behind VmRSS)
    expect(after.peakRssMiB - before.rssMiB).toBeGreaterThanOrEqual(60);
    expect(after.rssMiB).toBeLessThan(holding.rssMiB - 50);
  });

  it('throws ProcessGone once the process has exited', async () => {
    child = spawnChild();
    const pid = child.pid;
    child.process.stdin!.end();
    await child.process;
    expect(() => readProc(pid)).toThrow(ProcessGone);
  });
});
