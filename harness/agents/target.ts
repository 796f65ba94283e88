/** Agent: the fastify target server in its own process, so its CPU never counts against a style. */
import { ProcessProbe } from '../metrics/process.ts';
import { startTargetServer } from '../target-server.ts';
import { serveAgent } from './serve.ts';

const target = await startTargetServer({ host: process.argv[2] ?? '127.0.0.1' });
const probe = new ProcessProbe();
serveAgent({
  info: () => ({ url: target.url }),
  'probe-begin': () => probe.begin(),
  'probe-end': () => probe.end(),
  shutdown: () => target.close(),
});
