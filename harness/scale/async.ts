/**
 * The async style's units for the scale measurements, through its public API (impls/async/index.ts): tasks
 * awaiting one Event, inside asyncio.run().
 */
import * as aio from '../../impls/async/index.ts';
import { MAX_PARK_ROUNDS, type UnitKind } from './unit.ts';

export const ASYNC_KINDS: UnitKind[] = [
  {
    system: 'async',
    kind: 'async-event',
    unit: 'task awaiting one Event',
    parks: 'idle',
    park(count) {
      return new Promise((resolve, reject) => {
        let parked = 0;
        let finished = 0;
        const event = new aio.Event();
        const allDone = new aio.Event();
        const unit = async (): Promise<void> => {
          parked++;
          await event.wait();
          if (++finished === count) allDone.set();
        };
        // run() cancels whatever main leaves running, so main stays until the last task has finished.
        const main = async (): Promise<void> => {
          for (let i = 0; i < count; i++) aio.createTask(unit);
          for (let round = 0; parked < count && round < MAX_PARK_ROUNDS; round++) await aio.sleep(0);
          if (parked < count) throw new Error(`only ${parked} of ${count} tasks reached their await after ${MAX_PARK_ROUNDS} rounds of the loop`);
          resolve({ firedEarly: () => finished, wake: () => (event.set(), ended) });
          await allDone.wait();
        };
        const ended = aio.run(main);
        ended.catch(reject);
      });
    },
  },
];
