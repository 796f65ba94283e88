/**
 * StreamServer (gevent.server.StreamServer): accepts TCP connections and runs `handle(socket, address)` in a
 * greenlet of its own for each.
 *
 * Unlike gevent's default (untracked greenlets), handlers are kept in a Group so that stop() can end them and
 * close their connections; that is what a server shutting down between benchmark runs needs.
 */
import net from 'node:net';
import { withCopiedReads } from '../shared/static-reads.ts';
import { BlockingSwitchOutError } from './exceptions.ts';
import { Greenlet } from './greenlet.ts';
import { getHub, type Hub } from './hub.ts';
import { Group } from './pool.ts';
import { GreenSocket, type Address } from './socket.ts';
import { Event } from './sync.ts';
import { Waiter, type Green } from './waiter.ts';

export type ConnectionHandler = (sock: GreenSocket, address: Address) => Green<unknown>;

export class StreamServer {
  private hub: Hub | undefined;
  private server: net.Server | undefined;
  private readonly handlers = new Group();
  private readonly connections = new Set<GreenSocket>();
  private readonly stopped = new Event();
  private boundAddress: Address | undefined;

  constructor(
    readonly listener: Address,
    readonly handle: ConnectionHandler,
  ) {}

  /** The address actually bound (the real port when 0 was asked for); available once started. */
  get address(): Address {
    if (this.boundAddress === undefined) throw new Error('the server is not started');
    return this.boundAddress;
  }

  get started(): boolean {
    return this.server !== undefined;
  }

  /** Green thread only. Binds and starts accepting; handlers run on the calling greenlet's hub. */
  start(): Green<void> {
    return Greenlet.made(this.startBody());
  }

  private *startBody(): Green<void> {
    Greenlet.ran();
    if (this.server !== undefined) return;
    const hub = getHub();
    if (hub.getCurrent() === undefined) throw new BlockingSwitchOutError('StreamServer.start() outside a greenlet');
    this.hub = hub;
    // pauseOnConnect: each connection is handed over before it reads, to read into the process's shared buffer.
    const server = net.createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: true }, (accepted) =>
      this.onConnection(withCopiedReads(accepted, { allowHalfOpen: true }).setNoDelay(true)),
    );
    const listening = new Waiter<unknown>(hub);
    const onError = (err: Error): void => listening.throw(err);
    server.once('error', onError);
    server.once('listening', () => listening.switch(undefined));
    server.listen(this.listener[1], this.listener[0]);
    hub.addWatcher();
    try {
      yield* listening.get();
    } catch (err) {
      server.close();
      throw err;
    } finally {
      hub.removeWatcher();
      server.off('error', onError);
    }
    // A listening socket is an I/O watcher: it can wake greenlets (by spawning them) at any time.
    hub.addWatcher();
    server.on('error', (err) => hub.handleError(`<StreamServer ${this.listener.join(':')}>`, err));
    const bound = server.address() as net.AddressInfo;
    this.boundAddress = [bound.address, bound.port];
    this.server = server;
  }

  /** Green thread only. Starts if needed, then waits until stop() has finished. */
  serveForever(): Green<void> {
    return Greenlet.made(this.serveForeverBody());
  }

  private *serveForeverBody(): Green<void> {
    Greenlet.ran();
    yield* this.start();
    yield* this.stopped.wait();
  }

  /** Any context. Stops accepting new connections; running handlers go on. */
  close(): void {
    if (this.server === undefined) return;
    this.server.close();
    this.server = undefined;
    this.hub?.removeWatcher();
  }

  /**
   * Green thread only. Stops accepting, gives handlers `timeout` seconds (gevent's stop_timeout, 1 by default) to
   * finish, kills those still running, and closes every connection still open.
   */
  stop(options: { timeout?: number } = {}): Green<void> {
    return Greenlet.made(this.stopBody(options));
  }

  private *stopBody(options: { timeout?: number } = {}): Green<void> {
    Greenlet.ran();
    this.close();
    const grace = options.timeout ?? 1;
    if (grace > 0) yield* this.handlers.join({ timeout: grace });
    yield* this.handlers.kill({ block: true, timeout: 1 });
    for (const sock of this.connections) sock.abort();
    this.connections.clear();
    this.stopped.set();
  }

  private readonly onConnection = (raw: net.Socket): void => {
    const hub = this.hub!;
    const sock = new GreenSocket(raw, hub);
    this.connections.add(sock);
    raw.once('close', () => this.connections.delete(sock));
    const peer: Address = [raw.remoteAddress ?? '', raw.remotePort ?? 0];
    const g = new Greenlet(this.handle, [sock, peer], hub);
    g.name = `handler ${peer.join(':')}`;
    this.handlers.add(g as Greenlet<unknown>);
    g.start();
  };
}
