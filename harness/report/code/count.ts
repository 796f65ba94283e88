/**
 * The figures a report gives beside each style's scenario code, counted by one rule for every style from the
 * TypeScript syntax tree (the parser only: no type checker, so a count never depends on what a file imports).
 * The file is parsed whole and only what starts inside the region's lines is counted, so a region may begin and end
 * anywhere, mid-function included.
 *
 * - Lines of code: lines that hold a token (not blank, not only a comment); marker lines are not the region's.
 * - Error-handling sites, the places where the code must deal with an error by hand (ERROR_SITE_RULE).
 * - Shared state (SHARED_STATE_RULE): what callbacks, greenlets or tasks change together: variables written from
 *   a function nested in the region but declared outside it, objects handed in as parameters and changed, fields
 *   of `this` written outside a constructor.
 *
 * Pure; any caller. rules.ts holds what the rules look for and their wording, which the report quotes.
 */
import ts from 'typescript';
import { ERROR_CLASS, ERROR_NAMES, LISTEN, MUTATORS, NAMED_FOR_ERRORS } from './rules.ts';

export type ErrorSiteKind = 'catch clause' | 'rejection handler' | 'error handler' | 'error check';

export interface ErrorSite {
  line: number;
  kind: ErrorSiteKind;
  /** What was counted, e.g. `catch (err)`, `.on('error', …)`, `if (response.error …)`. */
  what: string;
}

export interface SharedWrite {
  /** The variable written. */
  name: string;
  /** The first line inside the region where a nested function writes it. */
  line: number;
}

export interface RangeCounts {
  linesOfCode: number;
  errorSites: ErrorSite[];
  sharedState: SharedWrite[];
}

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

export function parseSource(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Counts what starts on lines `startLine`..`endLine` (1-based) of `source`, leaving out `skipLines`. */
export function countRange(source: ts.SourceFile, startLine: number, endLine: number, skipLines: readonly number[] = []): RangeCounts {
  const skip = new Set(skipLines);
  const lineOf = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line + 1;
  const inRange = (line: number): boolean => line >= startLine && line <= endLine && !skip.has(line);
  const codeLines = new Set<number>();
  const errorSites: ErrorSite[] = [];
  const shared = new Map<string, number>();

  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    const children = node.getChildren(source);
    if (children.length === 0 && node.end > node.getStart(source)) {
      for (let l = lineOf(node.getStart(source)); l <= lineOf(node.end - 1); l++) if (inRange(l)) codeLines.add(l);
    }
    const line = lineOf(node.getStart(source));
    if (inRange(line)) {
      const site = errorSiteOf(node, source);
      if (site) errorSites.push({ line, ...site });
      const written = sharedWriteOf(node);
      if (written !== undefined && !shared.has(written)) shared.set(written, line);
    }
    for (const child of children) visit(child);
  };
  visit(source);
  return {
    linesOfCode: codeLines.size,
    errorSites: errorSites.sort((a, b) => a.line - b.line),
    sharedState: [...shared].map(([name, line]) => ({ name, line })),
  };
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return undefined;
}

const isFunctionLiteral = (n: ts.Node): boolean => ts.isArrowFunction(n) || ts.isFunctionExpression(n);
const short = (s: string, n = 60): string => {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

function errorSiteOf(node: ts.Node, source: ts.SourceFile): Omit<ErrorSite, 'line'> | undefined {
  if (ts.isCatchClause(node)) return { kind: 'catch clause', what: `catch${node.variableDeclaration ? ` (${node.variableDeclaration.getText(source)})` : ''}` };
  if (ts.isCallExpression(node)) {
    const name = calleeName(node);
    const isMethod = ts.isPropertyAccessExpression(node.expression);
    if (isMethod && (name === 'catch' || (name === 'then' && node.arguments.length >= 2))) return { kind: 'rejection handler', what: `.${name}(…)` };
    const first = node.arguments[0];
    if (isMethod && name && LISTEN.has(name) && first && ts.isStringLiteralLike(first) && first.text === 'error') return { kind: 'error handler', what: `.${name}('error', …)` };
    if (name && NAMED_FOR_ERRORS.test(name) && node.arguments.some(isFunctionLiteral)) return { kind: 'error handler', what: `${isMethod ? '.' : ''}${name}(…)` };
    return undefined;
  }
  const condition = ts.isIfStatement(node) ? node.expression : ts.isConditionalExpression(node) ? node.condition : ts.isSwitchStatement(node) ? node.expression : undefined;
  if (condition && namesAnError(condition)) {
    const keyword = ts.isIfStatement(node) ? 'if' : ts.isSwitchStatement(node) ? 'switch' : '?:';
    return { kind: 'error check', what: `${keyword} (${short(condition.getText(source))})` };
  }
  return undefined;
}

function namesAnError(condition: ts.Node): boolean {
  let found = false;
  const look = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && (ERROR_NAMES as readonly string[]).includes(n.text)) found = true;
    else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && ERROR_CLASS.test(lastName(n.right))) found = true;
    else n.forEachChild(look);
  };
  look(condition);
  return found;
}

function lastName(e: ts.Expression): string {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return '';
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.PercentEqualsToken,
  ts.SyntaxKind.AmpersandEqualsToken,
  ts.SyntaxKind.BarEqualsToken,
  ts.SyntaxKind.CaretEqualsToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.AsteriskAsteriskEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/**
 * What shared state `node` writes, if any: a variable declared outside the function the write stands in; an object
 * handed in as a parameter and changed (not merely reassigned); or `this.<field>` outside a constructor.
 */
function sharedWriteOf(node: ts.Node): string | undefined {
  let target: ts.Expression | undefined;
  if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) target = node.left;
  else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) target = node.operand;
  else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATORS.has(node.expression.name.text)) target = node.expression.expression;
  const root = target && rootOf(target);
  if (!root) return undefined;
  if (!ts.isIdentifier(root)) return inConstructor(root) ? undefined : `this.${root.name.text}`;
  const where = declarationOf(root);
  // A parameter reassigned is the function's own business; a parameter's object changed is the caller's state too.
  return where === 'outside' || (where === 'parameter' && root !== target) ? root.text : undefined;
}

/** `a` of `a`, `a.b.c`, `a[i].b`, `(a as T)`; `this.f` of `this.f.g`; undefined for calls and the like. */
function rootOf(e: ts.Expression): ts.Identifier | (ts.PropertyAccessExpression & { name: ts.Identifier }) | undefined {
  let cur: ts.Expression = e;
  for (;;) {
    if (ts.isIdentifier(cur)) return cur;
    if (ts.isPropertyAccessExpression(cur) && cur.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(cur.name)) return cur as ts.PropertyAccessExpression & { name: ts.Identifier };
    if (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) cur = cur.expression;
    else if (ts.isParenthesizedExpression(cur) || ts.isAsExpression(cur) || ts.isNonNullExpression(cur)) cur = cur.expression;
    else return undefined;
  }
}

/** Whether `node` runs as part of a constructor (arrow functions keep the `this` of where they stand). */
function inConstructor(node: ts.Node): boolean {
  for (let cur = node.parent; cur; cur = cur.parent) {
    if (ts.isConstructorDeclaration(cur)) return true;
    if (FUNCTION_KINDS.has(cur.kind) && !ts.isArrowFunction(cur)) return false;
  }
  return false;
}

/**
 * Where the name written is declared, walking out from the write: in the function it stands in (`local`, or
 * `parameter` of that function), outside it, or nowhere in this file (a global: not state the region shares).
 */
function declarationOf(id: ts.Identifier): 'local' | 'parameter' | 'outside' | 'undeclared' {
  let crossed = false;
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (declares(scope, id.text)) return crossed ? 'outside' : FUNCTION_KINDS.has(scope.kind) ? 'parameter' : 'local';
    if (FUNCTION_KINDS.has(scope.kind)) crossed = true;
  }
  return 'undeclared';
}

function declares(scope: ts.Node, name: string): boolean {
  const binds = (b: ts.BindingName): boolean =>
    ts.isIdentifier(b) ? b.text === name : b.elements.some((el) => !ts.isOmittedExpression(el) && binds(el.name));
  const inList = (list: ts.VariableDeclarationList): boolean => list.declarations.some((d) => binds(d.name));
  if (FUNCTION_KINDS.has(scope.kind)) {
    const fn = scope as ts.FunctionLikeDeclaration;
    return fn.parameters.some((p) => binds(p.name)) || (ts.isFunctionExpression(fn) && fn.name?.text === name);
  }
  if (ts.isCatchClause(scope)) return scope.variableDeclaration !== undefined && binds(scope.variableDeclaration.name);
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    return inList(scope.initializer);
  }
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    return scope.statements.some(
      (s) =>
        (ts.isVariableStatement(s) && inList(s.declarationList)) ||
        ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === name),
    );
  }
  return false;
}
