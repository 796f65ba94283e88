/**
 * A style's echo server alone in a process, for attacks that must not take the harness down with it
 * (harness/faults/echo-attack.ts). Usage: echo-server.ts <style> [driver-module]
 * Prints {"event":"listening","port":N} once listening, as the Python reference servers do, and serves until its
 * stdin closes. Its stderr is left alone: what the style writes there is what the attack records as logged.
 */
import { isStyleName, type StyleDriver } from '../../impls/contract.ts';
import { loadDriver } from '../../impls/registry.ts';
import { guardLoopback } from '../../impls/shared/loopback.ts';

const [style, modulePath] = process.argv.slice(2);
if (!style || !isStyleName(style)) {
  process.stderr.write(`echo-server: unknown style '${style}'\n`);
  process.exit(2);
}
const driver: StyleDriver = modulePath ? guardLoopback(((await import(modulePath)) as { default: StyleDriver }).default) : await loadDriver(style);
const server = await driver.startEchoServer({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ event: 'listening', port: server.port, system: style })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
