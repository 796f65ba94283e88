/** Agent: the echo load generator in its own process, so its CPU never counts against the server under test. */
import { runEchoLoad } from '../load/echo-load.ts';
import { serveAgent } from './serve.ts';

serveAgent({ 'echo-trial': runEchoLoad });
