/**
 * Child side of the harness's request/response protocol over Node's IPC channel.
 *
 * Every harness child (target server, style host, load generator) is an "agent": it answers typed requests from the
 * parent, one at a time. A handler that throws is answered with an error reply, so the parent sees the message
 * instead of a silent hang. When the parent goes away the child exits, so nothing is left behind.
 */
import type { AgentReply, AgentRequest } from './protocol.ts';

export type Handlers = Record<string, (payload: any) => Promise<unknown> | unknown>;

export function serveAgent(handlers: Handlers): void {
  if (!process.send) {
    console.error('this is a harness agent: run it through the testbed CLI, not directly');
    process.exit(2);
  }
  const send = (reply: AgentReply): void => void process.send!(reply);
  process.on('message', (raw) => {
    const request = raw as AgentRequest;
    const handler = handlers[request.type] ?? (request.type === 'shutdown' ? () => undefined : undefined);
    if (!handler) {
      send({ id: request.id, ok: false, error: `agent has no handler for '${request.type}'` });
      return;
    }
    Promise.resolve()
      .then(() => handler(request.payload))
      .then(
        (value) => send({ id: request.id, ok: true, value }),
        (err: unknown) => send({ id: request.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
      )
      .finally(() => {
        // After answering 'shutdown' (its handler has closed whatever the agent opened), leave.
        if (request.type === 'shutdown') setImmediate(() => process.exit(0));
      });
  });
  // The parent closing the channel (exit, crash, even SIGKILL: the kernel closes its end) is our signal to go too.
  // Agents run in process groups of their own (process.ts), so nothing else would stop them. A parent that died
  // while this agent was still loading closed the channel before anyone listened: that shows only as !connected.
  process.on('disconnect', () => process.exit(0));
  if (!process.connected) process.exit(0);
  send({ id: 0, ok: true, value: 'hello' });
}
