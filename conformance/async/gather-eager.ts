// gather() of futures that are already done is done at once, each distinct future counted once; gather() of
// nothing is done at once with an empty list.
import { emit } from '../lib/transcript.ts';
import { Future, gather, run } from '../../impls/async/index.ts';

await run(async () => {
  const f = new Future<number>();
  f.setResult(1);
  const gathered = gather(f, f);
  emit('done at once', gathered.done());
  emit('result', await gathered);
  const empty = gather();
  emit('empty done at once', empty.done(), await empty);
});
