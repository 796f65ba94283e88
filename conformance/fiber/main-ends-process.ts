// When the main greenlet returns, the program ends: greenlets still sleeping are abandoned, exit status 0.
import { emit } from '../lib/transcript.ts';
import { run, sleep, spawn, spawnLater, type Green } from '../../impls/fiber/index.ts';

function* sleeper(name: string): Green<void> {
  emit('sleeper starts', name);
  yield* sleep(0.2);
  emit('sleeper wakes', name);
}

function* main(): Green<void> {
  spawn(sleeper, 'a');
  spawnLater(0.2, sleeper, 'late');
  yield* sleep(0.01);
  emit('main returns');
}

run(main);
