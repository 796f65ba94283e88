/**
 * Agent: the echo load generator in its own process, so its CPU never counts against the server under test. It runs
 * the native generator (a child process, pinned with it) when that is built, else the Node one; each trial's result
 * says which (harness/load/echo-generator.ts). Same 'echo-trial' request as loadgen.ts, which it replaces.
 */
import { runEchoTrial } from '../load/echo-generator.ts';
import { serveAgent } from './serve.ts';

serveAgent({ 'echo-trial': runEchoTrial });
