/**
 * The async style's public API: asyncio's names in camelCase. See task.ts for the design (and its limits),
 * README.md for how to use it.
 */
export {
  CancelledError,
  TimeoutError,
  InvalidStateError,
  IncompleteReadError,
  LimitOverrunError,
  QueueEmpty,
  QueueFull,
  ConnectionResetError,
  RuntimeError,
  ValueError,
  ExceptionGroup,
} from './errors.ts';
export { Future } from './future.ts';
export { Task, createTask, createNamedTask } from './task.ts';
export { contextMechanism, currentTask } from './current.ts';
export { ensureFuture, type AwaitableLike } from './awaitables.ts';
export { stats } from './counters.ts';
export { setExceptionHandler, type ExceptionContext, type ExceptionHandler } from './exception-handler.ts';
export { allTasks, run, Runner } from './runner.ts';
export { toThread, runInExecutor, setDefaultExecutor, WorkerExecutor, workerCall, type WorkerCall } from './executor.ts';
export { gather, GatheringFuture, type GatherOptions } from './gather.ts';
export { wait, type ReturnWhen, type WaitOptions } from './wait.ts';
export { waitFor } from './wait-for.ts';
export { shield } from './shield.ts';
export { sleep } from './sleep.ts';
export { loopTime } from './seconds.ts';
export { timeout, timeoutAt, Timeout } from './timeouts.ts';
export { TaskGroup, taskGroup } from './taskgroup.ts';
export { Semaphore, BoundedSemaphore, Lock, Event } from './locks.ts';
export { Queue } from './queues.ts';
export {
  openConnection,
  startServer,
  Server,
  StreamReader,
  StreamWriter,
  type ClientConnectedCallback,
  type StreamPair,
} from './streams.ts';
export { ClientSession, DEFAULT_TIMEOUT, type ClientTimeout, type RequestOptions, type SessionOptions } from './httpclient.ts';
export { ClientResponse } from './client-response.ts';
export { TCPConnector, type ConnectorOptions } from './connector.ts';
export {
  ClientError,
  ClientResponseError,
  ClientConnectionError,
  ClientOSError,
  ClientConnectorError,
  ServerConnectionError,
  ServerDisconnectedError,
  ServerTimeoutError,
  ClientPayloadError,
  InvalidURL,
  type RequestInfo,
} from './client-errors.ts';
