/**
 * A lint rule for the fiber style's first trap: a blocking call written without `yield*`. `sleep(1);` compiles, and
 * makes a generator that nobody runs, so the call silently does nothing. TypeScript cannot refuse it (it has no
 * "must use" return values), so this rule asks the type checker, for every file given:
 *
 *   - an expression statement whose value is a blocking call's generator (`Green<T>`, a Generator of Waiters):
 *     `sleep(1);`, `sock.sendall(data);`, `g.join();`;
 *   - a `yield` without the star on one (`yield sleep(1)`): the hub would be handed a generator, not a Waiter;
 *   - `.map()` / `.forEach()` with a callback that returns blocking calls (`urls.map((u) => pool.spawn(fetch, u))`):
 *     `yield*` cannot appear in the arrow, and the calls are never run.
 *
 * `void g.kill()` is how code says it makes a call for its immediate effect only; it is not flagged.
 * The test suite runs it over impls/fiber and conformance/fiber (missing-yield.test.ts).
 */
import path from 'node:path';
import ts from 'typescript';

export interface Finding {
  file: string;
  line: number;
  text: string;
  message: string;
}

const DISCARDED = 'a blocking call whose generator is thrown away does nothing: write yield* before it (void before it, to discard on purpose)';
const YIELD_NO_STAR = 'yield without * hands the hub a generator instead of running the call: write yield*';
const IN_CALLBACK = 'blocking calls made in a .map()/.forEach() callback never run (yield* cannot appear there): use a for loop with yield*';

/** The project's compiler options (tsconfig.json at `root`), for checking files the way `tsc` does. */
function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root).options;
}

/** Every finding in `files` (absolute paths), in file and line order. `root` holds the tsconfig.json to use. */
export function findMissingYields(files: readonly string[], root: string): Finding[] {
  const program = ts.createProgram(files, compilerOptions(root));
  const checker = program.getTypeChecker();
  const wanted = new Set(files.map((f) => path.resolve(f)));

  const isGreen = (type: ts.Type): boolean => {
    if (type.isUnion()) return type.types.some(isGreen);
    if (type.getSymbol()?.getName() !== 'Generator') return false;
    const [yielded] = checker.getTypeArguments(type as ts.TypeReference);
    return yielded?.getSymbol()?.getName() === 'Waiter';
  };
  const callbackReturnsGreen = (fn: ts.Expression): boolean =>
    checker.getSignaturesOfType(checker.getTypeAtLocation(fn), ts.SignatureKind.Call).some((s) => isGreen(s.getReturnType()));

  const findings: Finding[] = [];
  for (const source of program.getSourceFiles()) {
    if (!wanted.has(path.resolve(source.fileName))) continue;
    const report = (node: ts.Node, message: string): void => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      findings.push({ file: source.fileName, line: line + 1, text: node.getText(source).split('\n')[0]!, message });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node)) {
        const expr = node.expression;
        const kept = ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken; // `gen = f()`
        if (!kept && !ts.isVoidExpression(expr) && !ts.isYieldExpression(expr) && isGreen(checker.getTypeAtLocation(expr))) report(node, DISCARDED);
      } else if (ts.isYieldExpression(node) && node.asteriskToken === undefined && node.expression !== undefined) {
        if (isGreen(checker.getTypeAtLocation(node.expression))) report(node, YIELD_NO_STAR);
      } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        const [callback] = node.arguments;
        if ((method === 'map' || method === 'forEach') && callback !== undefined && callbackReturnsGreen(callback)) report(node, IN_CALLBACK);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
