// The shared-counter race (scenarios/race.ts): 10 greenlets each add 1 twenty times to a shared counter, reading it,
// letting the others run with sleep(0), and writing what they read plus one. Unguarded, every round of the ten reads the
// same value; under a BoundedSemaphore(1) (`with lock:`) no update is lost. The style's side is the scenario's code.
import { emit } from '../lib/transcript.ts';
import { run, type Green } from '../../impls/fiber/index.ts';
import { raceCounter } from '../../impls/fiber/scenarios/race.ts';

function* main(): Green<void> {
  emit('unguarded', yield* raceCounter({ workers: 10, increments: 20, lock: false }));
  emit('under the lock', yield* raceCounter({ workers: 10, increments: 20, lock: true }));
}

run(main);
