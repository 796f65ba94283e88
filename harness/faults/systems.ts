/**
 * The systems a fault matrix can run: this project's styles, each through harness/agents/fault-case.ts, and the real
 * Python systems, through impls/reference/faults/run_case.py. Both speak harness/faults/protocol.ts.
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import type { FaultCaseId, StyleName } from '../../impls/contract.ts';
import type { FaultSystem } from './matrix.ts';

const AGENT = fileURLToPath(new URL('../agents/fault-case.ts', import.meta.url));
const ECHO_AGENT = fileURLToPath(new URL('../agents/echo-server.ts', import.meta.url));
const PY_RUNNER = fileURLToPath(new URL('../../impls/reference/faults/run_case.py', import.meta.url));
const LIST_TIMEOUT_MS = 20_000;

/** A style's fault rows; `driverModule` substitutes a test fixture for the style's adapter. */
export function styleSystem(style: StyleName, driverModule?: string): FaultSystem {
  const extra = driverModule ? [driverModule] : [];
  return {
    name: style,
    kind: 'style',
    async idioms() {
      const r = await execa(process.execPath, ['--import', 'tsx', AGENT, style, '--list', ...extra], { reject: false, timeout: LIST_TIMEOUT_MS });
      if (r.exitCode !== 0) throw new Error(`could not list its fault idioms: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}`);
      return (JSON.parse(r.stdout) as { idioms: Partial<Record<FaultCaseId, string[]>> }).idioms;
    },
    command(caseId, idiom, env) {
      return { file: process.execPath, args: ['--import', 'tsx', AGENT, style, caseId, idiom, env.baseUrl, env.refusedUrl, env.tag, ...extra] };
    },
    echoServer() {
      return { file: process.execPath, args: ['--import', 'tsx', ECHO_AGENT, style, ...extra] };
    },
  };
}

/**
 * A real Python system's fault rows: `system` names impls/reference/faults/<system>_cases.py (or `module`, a test
 * fixture), run by `python` with `env` added to its environment (PYTHONPATH for an unpackaged release, say).
 */
export function pythonSystem(name: string, system: string, python: string, module?: string, env: Record<string, string> = {}): FaultSystem {
  const extra = module ? ['--module', module] : [];
  const childEnv = { ...env, PYTHONDONTWRITEBYTECODE: '1' };
  return {
    name,
    kind: 'reference',
    async idioms() {
      const r = await execa(python, [PY_RUNNER, system, '--list', ...extra], { reject: false, timeout: LIST_TIMEOUT_MS, env: childEnv });
      if (r.exitCode !== 0) throw new Error(`could not list its fault idioms: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ')}`);
      return (JSON.parse(r.stdout) as { idioms: Partial<Record<FaultCaseId, string[]>> }).idioms;
    },
    command(caseId, idiom, env) {
      return { file: python, args: [PY_RUNNER, system, caseId, idiom, env.baseUrl, env.refusedUrl, env.tag, ...extra], env: childEnv };
    },
  };
}
