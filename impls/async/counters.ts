/**
 * The scheduler's counters behind `stats()`: tasks alive, how many of them are parked at a library await, and the
 * timers the layer has armed. Each is bumped by the module that owns the event (task.ts for tasks and their waits,
 * timers.ts for timers) through the functions below; nothing else writes them.
 */
import type { CoreStats } from '../contract.ts';

let livingTasks = 0;
let blockedTasks = 0; // living tasks with at least one library await pending
let activeTimers = 0;

/** Tasks alive, how many of them are not parked at a library await, and the timers the layer has armed. */
export function stats(): CoreStats {
  return { living: livingTasks, runnable: livingTasks - blockedTasks, timers: activeTimers };
}

/** @internal task.ts: a task was created. */
export function countTaskBorn(): void {
  livingTasks++;
}

/** @internal task.ts: a task ended. */
export function countTaskEnded(): void {
  livingTasks--;
}

/** @internal task.ts: a task's first pending library await began. */
export function countTaskBlocked(): void {
  blockedTasks++;
}

/** @internal task.ts: a task's last pending library await ended. */
export function countTaskUnblocked(): void {
  blockedTasks--;
}

/** @internal timers.ts: a timer was armed. */
export function countTimerArmed(): void {
  activeTimers++;
}

/** @internal timers.ts: a timer fired or was cancelled. */
export function countTimerDisarmed(): void {
  activeTimers--;
}
