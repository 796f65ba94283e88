/**
 * The task context: which task (or cancel scope inside it) the running code belongs to. One slot per process,
 * carried through every `await` of a task body by the mechanism context.ts chooses.
 */
import { createContextSlot } from './context.ts';
import type { CancelledError } from './errors.ts';
import type { CancelScope } from './cancel-scope.ts';
import type { Task } from './task.ts';

/**
 * What the slot holds while a task body runs: the task itself, or a cancel scope inside it. Both answer the same
 * three questions, so a library await needs no type test to find its task and scope.
 */
export interface WaitContext {
  /** The task whose body is running. */
  readonly task: Task<unknown>;
  /** The innermost cancel scope, or undefined directly in the task's body. */
  readonly cancelScope: CancelScope | undefined;
  /** Takes a cancellation that is waiting to be delivered at the next library await, if there is one. */
  takePendingCancel(): CancelledError | undefined;
}

/** @internal The slot itself: task.ts sets it around a body, cancel-scope.ts around a scope, everyone reads it. */
export const taskContext = createContextSlot<WaitContext>();

/** Which mechanism carries the task context in this process, and why, for reports. */
export const contextMechanism = { mechanism: taskContext.mechanism, reason: taskContext.reason };

/** The task whose body is running, or undefined outside any task (asyncio.current_task). */
export function currentTask(): Task<unknown> | undefined {
  return taskContext.get()?.task;
}

/** @internal The current task or cancel scope, for library awaits that build their own Waiter. */
export function currentContext(): WaitContext | undefined {
  return taskContext.get();
}

/**
 * If the current task has a cancellation waiting to be delivered, takes it. Library awaits that complete without
 * blocking call this first, so they still deliver a pending cancellation, and do so before taking any resource.
 */
export function takePendingCancel(): CancelledError | undefined {
  return taskContext.get()?.takePendingCancel();
}
