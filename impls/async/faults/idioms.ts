/**
 * The fault cases' children, and the three ways a caller waits for them, in the async style's idiom: the same steps
 * as impls/reference/faults/asyncio_cases.py. One ClientSession serves every request for the process's life, as
 * aiohttp advises; a 500 is raiseForStatus(); a per-request timeout is waitFor() around the fetch.
 *
 * Idioms: `gather` (the first error is raised, the others run on), `gather-rx` (returnExceptions: errors come back
 * as values), `taskgroup` (the first error cancels the siblings, a group of what failed is raised). cancel-parent's
 * two more are in cases.ts.
 */
import type { FaultRecorder } from '../../contract.ts';
import { ClientSession, Task, createTask, gather, taskGroup, waitFor } from '../index.ts';
import { childStarts, childUses, raiseHandlerError, type ChildPlan } from '../../../scenarios/fault-plan.ts';

/** How the children of a case are waited for: starts them into `tasks`, resolves with what the caller gets back. */
export type WaitIdiom = (plans: readonly ChildPlan[], record: FaultRecorder, tasks: Array<Task<unknown>>) => Promise<readonly unknown[]>;

type StartTask = <T, A extends unknown[]>(fn: (...args: A) => Promise<T>, ...args: A) => Task<T>;

let session: ClientSession | undefined;

/** The application's one session: the end of a case's scope closes nothing. */
function client(): ClientSession {
  return (session ??= new ClientSession());
}

// #region fault-http-500
async function fetchBody(url: string): Promise<Buffer> {
  const response = await client().get(url);
  response.raiseForStatus();
  return response.read();
}

async function child(p: ChildPlan, record: FaultRecorder): Promise<Buffer> {
  childStarts(record, p);
  try {
    const body = p.timeout === undefined ? await fetchBody(p.url) : await waitFor(() => fetchBody(p.url), p.timeout);
    return childUses(record, p, body);
  } finally {
    record.childFinally(p.index);
  }
}

export function start(plans: readonly ChildPlan[], record: FaultRecorder, tasks: Array<Task<unknown>>, startTask: StartTask = createTask): void {
  for (const p of plans) {
    const task = startTask(child, p, record);
    if (p.hookThrows) task.addDoneCallback(() => raiseHandlerError(record, p.index, 'the done-callback'));
    tasks.push(task);
  }
}

export async function gatherAll(plans: readonly ChildPlan[], record: FaultRecorder, tasks: Array<Task<unknown>>): Promise<unknown[]> {
  start(plans, record, tasks);
  return await gather(...tasks);
}

export async function gatherReturningExceptions(plans: readonly ChildPlan[], record: FaultRecorder, tasks: Array<Task<unknown>>): Promise<unknown[]> {
  start(plans, record, tasks);
  return await gather(...tasks, { returnExceptions: true });
}

export async function inTaskGroup(plans: readonly ChildPlan[], record: FaultRecorder, tasks: Array<Task<unknown>>): Promise<unknown[]> {
  await taskGroup(async (tg) => {
    start(plans, record, tasks, (fn, ...args) => tg.createTask(fn, ...args));
  });
  return tasks.map((task) => task.result());
}
// #endregion
