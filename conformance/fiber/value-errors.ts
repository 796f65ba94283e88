// Arguments out of range raise ValueError in gevent: a negative Pool size, a BoundedSemaphore released more often
// than acquired.
import { emit, errName } from '../lib/transcript.ts';
import { BoundedSemaphore, Pool } from '../../impls/fiber/index.ts';

try {
  new Pool(-1);
} catch (e) {
  emit('Pool(-1)', errName(e));
}
const b = new BoundedSemaphore(1);
try {
  b.release();
} catch (e) {
  emit('extra release', errName(e));
}
