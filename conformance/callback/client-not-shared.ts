// AsyncHTTPClient() is one client per IOLoop: constructing it again gives the same object (force_instance=True gives a
// new one), so its constructor arguments only count the first time.
import { emit } from '../lib/transcript.ts';
import { AsyncHTTPClient, IOLoop } from '../../impls/callback/index.ts';

IOLoop.current();
const a = new AsyncHTTPClient();
const b = new AsyncHTTPClient({ maxClients: 3 });
emit('AsyncHTTPClient() twice is one client', a === b, 'max_clients', b.maxClients);
const c = new AsyncHTTPClient();
emit('force_instance=True is a new client', c !== a);
for (const client of [a, b, c]) client.close();
