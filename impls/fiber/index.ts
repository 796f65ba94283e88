/**
 * gevent-style green threads for Node: generator functions as greenlets, `yield*` as the blocking call, a hub
 * on Node's event loop. See hub.ts for how it runs.
 */
export { Hub, getHub, sleep, type HubOptions } from './hub.ts';
export { run } from './run.ts';
export { Greenlet, getCurrent, spawn, spawnLater, type GreenletFunction, type LinkCallback } from './greenlet.ts';
export { Waiter, waitFor, TIMED_OUT, type Green } from './waiter.ts';
export { Timeout, withTimeout } from './timeout.ts';
export { wait, joinall, killall, type Linkable, type WaitOptions } from './wait.ts';
export { Group, Pool, PoolFull } from './pool.ts';
export { Event, Semaphore, BoundedSemaphore, Queue, QueueEmpty, QueueFull } from './sync.ts';
export { GreenletExit, LoopExit, ConcurrentObjectUseError, BlockingSwitchOutError, RuntimeError, isBaseException } from './exceptions.ts';
export { RLock } from './rlock.ts';
export { systemClock, ManualClock, type Clock } from './clock.ts';
export * as socket from './socket.ts';
export { GreenSocket, SocketTimeout, SocketClosedError, createConnection, type Address } from './socket.ts';
export { StreamServer, type ConnectionHandler } from './server.ts';
export { HttpClient, HttpClientPool, type HttpClientOptions } from './httpclient.ts';
export { urlopen, UrlResponse, URLError, HTTPError, IncompleteRead } from './urllib.ts';
export { ThreadPool, workerCall, type WorkerCall } from './threadpool.ts';
export { AsyncResult } from './async-result.ts';
