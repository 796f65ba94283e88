/** The worker side of impls/shared/executor.ts: piscina calls this in a worker thread for each task. */
import { cpuWork } from './cpu-work.ts';

export interface CpuTask {
  seed: number;
  iterations: number;
  /** Test hook: fail instead of working, to show an error in the worker reaching the caller. */
  fail?: string;
}

export default function run(task: CpuTask): number {
  if (task.fail !== undefined) throw new Error(task.fail);
  return cpuWork(task.seed, task.iterations);
}
