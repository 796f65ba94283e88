/** The target server's routes, in a module of their own so the CLI's help can list them without loading fastify. */
/** What a person poking at the server by hand can ask (`GET /` and `testbed target --help` print it). */
export const ROUTES: ReadonlyArray<{ route: string; does: string }> = [
  { route: 'GET /bytes/:n', does: 'n deterministic bytes (scenarios/payload.ts), with Content-Length' },
  { route: 'GET /delay/:ms', does: '"ok" after ms milliseconds' },
  { route: 'GET /status/:code', does: 'a short response with that status (200-599); ?delay=ms sends it that much later' },
  { route: 'GET /hang', does: 'never answers (until the client or the server closes)' },
  { route: 'GET /reset', does: 'promises 1000 bytes, sends 100, then destroys the connection' },
  { route: 'GET /drip/:n/:ms', does: 'n deterministic bytes in up to 16 pieces spread over ms milliseconds' },
  { route: 'GET /stats/:tag', does: 'counts of the requests tagged ?tag=… (started, completed, aborted, reset, open)' },
  { route: 'GET /', does: 'this list' },
];

