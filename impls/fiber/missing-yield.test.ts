/**
 * The fiber style's first trap, a blocking call written without `yield*` (`sleep(10);` compiles and does nothing),
 * and the three things that catch it: the compiler where a value is involved, a lint rule run here over the style
 * and its conformance cases, and a warning when a greenlet ends with a blocking call it made but never ran.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Hub, sleep, spawn, type Green, type Greenlet } from './index.ts';
import { findMissingYields } from './tools/missing-yield.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const FIXTURE = path.join(HERE, 'tools', 'forgotten-yield.fixture.ts');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.fixture.ts') ? [p] : [];
  });
}

/** The compiler's errors for a module written beside this file (so its imports resolve), as "line: code". */
function compileErrors(source: string): string[] {
  const file = path.join(HERE, '__snippet__.ts');
  const options = { ...ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, ROOT).options };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile;
  host.getSourceFile = (name, lang, ...rest) => (path.resolve(name) === file ? ts.createSourceFile(name, source, lang) : read.call(host, name, lang, ...rest));
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: TS${d.code}`);
}

describe('a blocking call without yield*', () => {
  it('is a compile error wherever its value is used or it is yielded without the star, but not as a bare statement', () => {
    const errors = compileErrors(
      [
        "import { Event, sleep, type Green, type GreenSocket } from './index.ts';",
        'export function* f(sock: GreenSocket, ev: Event): Green<void> {',
        '  const n: number = sock.recv().length;', // 3: a Generator has no length
        '  const ok: boolean = ev.wait();', // 4: a Generator is not a boolean
        '  yield sleep(1);', // 5: a Green function yields Waiters, not generators
        '  sleep(1);', // 6: compiles: this is what the lint and the runtime warning are for
        '  void n; void ok;',
        '}',
      ].join('\n'),
    );
    expect(errors.map((e) => e.split(':')[0])).toEqual(['3', '4', '5']);
  });

  it('is found by the lint rule on each marked line of the fixture, and nowhere else in it', () => {
    const marked = readFileSync(FIXTURE, 'utf8')
      .split('\n')
      .flatMap((line, i) => (line.includes('// <- missing') ? [i + 1] : []));
    expect(marked.length).toBeGreaterThan(5);
    expect(findMissingYields([FIXTURE], ROOT).map((f) => f.line)).toEqual(marked);
  }, 60_000);

  it('appears nowhere in the fiber style or its conformance cases', () => {
    // This file is left out: its last test makes the mistake on purpose.
    const self = fileURLToPath(import.meta.url);
    const files = [...tsFiles(HERE), ...tsFiles(path.join(ROOT, 'conformance', 'fiber'))].filter((f) => f !== self);
    expect(files.length).toBeGreaterThan(20);
    const findings = findMissingYields(files, ROOT).map((f) => `${path.relative(ROOT, f.file)}:${f.line}: ${f.text} (${f.message})`);
    expect(findings).toEqual([]);
  }, 60_000);

  it('is reported when the greenlet that made it ends; calls run with yield*, and kill() discarded with void, are not', async () => {
    const output: string[] = [];
    const hub = new Hub({ writeError: (text) => output.push(text) });
    const started = performance.now();
    const main = await new Promise<Greenlet<unknown>>((resolve) =>
      hub
        .run(function* forgetful(): Green<void> {
          const g = spawn(function* () {
            yield* sleep(60);
          });
          yield* sleep(0);
          void g.kill();
          yield* sleep(0.001);
          sleep(10); // the mistake: returns at once, sleeping nothing
        })
        .rawlink(resolve),
    );
    expect(main.successful()).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(/^<Greenlet at 0x[0-9a-f]+: forgetful> ended with 1 blocking call it never ran: .*yield\* sleep\(1\)/);
  });
});
