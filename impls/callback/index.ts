/** The callback style's public API: a Tornado 5.1-like IOLoop and the callback APIs built on it. */
export { IOLoop, describeCallback, markWrapper, nodeScheduler, wallClock, type IOLoopOptions, type TurnScheduler, type Callback } from './ioloop.ts';
export { Timeout, TimerHeap } from './heap.ts';
export { Future, CancelledError, InvalidStateError, type DoneCallback } from './concurrent.ts';
export { Lock, Semaphore, BoundedSemaphore } from './locks.ts';
export type { Executor } from './executor.ts';
export { IOStream, StreamClosedError, StreamBufferFullError, UnsatisfiableReadError, type IOStreamOptions } from './iostream.ts';
export { TCPServer, type TCPServerOptions } from './tcpserver.ts';
export {
  AsyncHTTPClient,
  HTTPClientError,
  HTTPError,
  HTTPRequest,
  HTTPResponse,
  HTTPStreamClosedError,
  HTTPTimeoutError,
  type AsyncHTTPClientOptions,
  type FetchOptions,
  type HTTPRequestOptions,
} from './httpclient.ts';
export {
  RuntimeError,
  ValueError,
  OSError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  ConnectionAbortedError,
  BrokenPipeError,
  TimeoutError,
} from './exceptions.ts';
export { appLog, genLog, configureLogging, resetLogging, basicHandler, type LogHandler, type LogLevel, type LogRecord } from './log.ts';
