/**
 * The fault cases as the async style runs them: the caller at its wait point, and the parts a case has of its own
 * (the fire-and-forget child, the cancelled parent, the CPU burn, the wait nothing can end), step for step as
 * impls/reference/faults/asyncio_cases.py.
 */
import type { FaultCaseId, FaultEnv, FaultRecorder } from '../../contract.ts';
import { FAULT_PARAMS, burnCpu } from '../../../scenarios/faults.ts';
import { Event, Task, createTask, sleep, wait } from '../index.ts';
import { gatherAll, gatherReturningExceptions, inTaskGroup, start, type WaitIdiom } from './idioms.ts';
import { fireAndForgetChild, planChildren, type ChildPlan } from '../../../scenarios/fault-plan.ts';

/** The caller at its wait point: it reports what the wait gave, then how many of its children still run. */
async function caller(record: FaultRecorder, waiting: PromiseLike<readonly unknown[]>, tasks: ReadonlyArray<Task<unknown>>): Promise<void> {
  let results: readonly unknown[] | undefined;
  try {
    results = await waiting;
  } catch (err) {
    record.caller('raised', err); // CancelledError too: what the wait point threw is the observation
  }
  if (results !== undefined) record.caller('returned', results);
  record.scopeEnded(tasks.filter((task) => !task.done()).length);
}

// #region fault-cancel-parent
async function awaitEach(plans: readonly ChildPlan[], record: FaultRecorder, tasks: Array<Task<unknown>>): Promise<unknown[]> {
  start(plans, record, tasks);
  const results: unknown[] = [];
  for (const task of tasks) results.push(await task);
  return results;
}

async function waitForAll(plans: readonly ChildPlan[], record: FaultRecorder, tasks: Array<Task<unknown>>): Promise<unknown[]> {
  start(plans, record, tasks);
  await wait(tasks);
  return tasks.map((task) => task.exception() ?? task.result());
}

async function cancelledParent(idiom: WaitIdiom, plans: readonly ChildPlan[], record: FaultRecorder, tasks: Array<Task<unknown>>): Promise<void> {
  const parent = createTask(idiom, plans, record, tasks);
  await sleep(FAULT_PARAMS.cancelAfterS);
  record.fault(0);
  parent.cancel();
  await caller(record, parent, tasks);
}
// #endregion

export const WAITS: Readonly<Record<string, WaitIdiom>> = {
  gather: gatherAll,
  'gather-rx': gatherReturningExceptions,
  taskgroup: inTaskGroup,
  'await-each': awaitEach,
  wait: waitForAll,
};

async function fireAndForget(record: FaultRecorder): Promise<void> {
  await sleep(FAULT_PARAMS.unjoinedThrowAfterS);
  fireAndForgetChild(record);
}

async function burnLater(): Promise<void> {
  await sleep(FAULT_PARAMS.blockingBurnStartS);
  burnCpu(FAULT_PARAMS.blockingBurnS);
}

async function nothingSets(record: FaultRecorder): Promise<unknown[]> {
  record.fault(0);
  await new Event().wait();
  return [];
}

/** Keeps the burn task referenced; the fire-and-forget child is left unreferenced on purpose. */
const background = new Set<Task<unknown>>();

/** One case in one idiom, as the main task of a run: resolves once the caller's scope has ended. */
export async function runCase(caseId: FaultCaseId, idiom: string, env: FaultEnv): Promise<void> {
  const { record } = env;
  const plans = planChildren(caseId, env);
  const tasks: Array<Task<unknown>> = [];
  const waitIdiom = WAITS[idiom];
  if (!waitIdiom) throw new RangeError(`the async style has no '${idiom}' idiom`);
  if (caseId === 'unjoined-child-throws') createTask(fireAndForget, record);
  else if (caseId === 'blocking-timeout') background.add(createTask(burnLater));
  if (caseId === 'deadlock') await caller(record, nothingSets(record), tasks);
  else if (caseId === 'cancel-parent') await cancelledParent(waitIdiom, plans, record, tasks);
  else await caller(record, waitIdiom(plans, record, tasks), tasks);
}
