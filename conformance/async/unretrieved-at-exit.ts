// A failed future that nobody looked at and that is still held when the program ends is reported as the program
// exits ("Future exception was never retrieved"), even though its Runner was never closed.
import { emit } from '../lib/transcript.ts';
import { Future, Runner } from '../../impls/async/index.ts';

class ValueError extends Error {
  override name = 'ValueError';
}

let kept: Future<void> | undefined;

const runner = new Runner();
await runner.run(async () => {
  kept = new Future<void>();
  kept.setException(new ValueError('kept'));
  emit('main returns');
});
emit('end of script');
