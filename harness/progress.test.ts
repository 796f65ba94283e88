import { describe, expect, it } from 'vitest';
import { TestTerminal } from '../test/terminal.ts';
import { progressReporter } from './progress.ts';

describe('progress in a terminal', () => {
  it('keeps notes, the interrupt message and the report after the bar on lines of their own', () => {
    const terminal = new TestTerminal();
    const progress = progressReporter({ stderr: (t) => terminal.print(t), terminal }, 4);
    progress.onProgress({ kind: 'step', label: 'echo · raw · warm-up' });
    progress.onProgress({ kind: 'step', label: 'echo · raw · trial 1/3' });
    progress.onProgress({ kind: 'note', message: 'fiber on echo: crashed: fiber style host exited with code 3' });
    terminal.print('^C'); // the terminal echoes Ctrl-C where the cursor is
    progress.log('interrupted: finishing the current trial, then writing what was measured (Ctrl-C again to quit now)');
    progress.stop();
    terminal.print('# concurrency-testbed report\n\n- Date: …\n');

    const screen = terminal.screen();
    expect(screen).toContain('fiber on echo: crashed: fiber style host exited with code 3');
    expect(screen).toContain('interrupted: finishing the current trial, then writing what was measured (Ctrl-C again to quit now)');
    expect(screen).toContain('# concurrency-testbed report');
    expect(screen.filter((l) => l.includes('steps |'))).toEqual([expect.stringMatching(/ 2\/4 steps \| done$/)]);
    expect(screen.indexOf('# concurrency-testbed report')).toBeGreaterThan(screen.findIndex((l) => l.includes('steps |')));
  });

  it('prints one plain line per step when stderr is not a terminal', () => {
    let out = '';
    const progress = progressReporter({ stderr: (t) => (out += t) }, 2);
    progress.onProgress({ kind: 'step', label: 'echo · raw · warm-up' });
    progress.log('interrupted: finishing the current trial');
    progress.stop();
    expect(out).toBe('[1/2] echo · raw · warm-up\ninterrupted: finishing the current trial\n');
  });
});
