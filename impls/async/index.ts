/**
 * The async style's public API: asyncio's names in camelCase. See task.ts for the design (and its limits).
 */
export { CancelledError, TimeoutError, InvalidStateError, IncompleteReadError, LimitOverrunError, QueueEmpty, QueueFull } from './errors.ts';
export {
  Future,
  Task,
  createTask,
  createNamedTask,
  contextMechanism,
  currentTask,
  ensureFuture,
  stats,
  setExceptionHandler,
  type AwaitableLike,
  type ExceptionContext,
  type ExceptionHandler,
} from './task.ts';
export { run } from './runner.ts';
export { gather, wait, waitFor, shield, GatheringFuture, type GatherOptions, type ReturnWhen, type WaitOptions } from './combinators.ts';
export { sleep, timeout, Timeout } from './timeouts.ts';
export { TaskGroup, taskGroup } from './taskgroup.ts';
export { Semaphore, BoundedSemaphore, Lock, Event, Queue } from './sync.ts';
export {
  openConnection,
  startServer,
  Server,
  StreamReader,
  StreamWriter,
  ConnectionResetError,
  type ClientConnectedCallback,
  type StreamPair,
} from './streams.ts';
export { ClientSession, ClientResponse, TCPConnector, HttpStatusError } from './httpclient.ts';
