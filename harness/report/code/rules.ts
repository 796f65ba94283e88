/**
 * What the code counts look for (count.ts applies them to the syntax tree) and the rules in words, as the report
 * states them. Kept apart from count.ts so that quoting a rule does not load the TypeScript parser.
 */

/** Names that make a condition a check of an error or a status. */
export const ERROR_NAMES = ['err', 'error', 'errors', 'exc', 'exception', 'status', 'statusCode', 'code', 'ok', 'successful', 'failed', 'rejected', 'reason'] as const;
/** `x instanceof C` is a check of an error when C's name ends so. */
export const ERROR_CLASS = /(Error|Exception|Exit|Timeout)$/;
/** Methods that register a listener: with the event 'error', an error handler. */
export const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
/** A method whose name says it takes errors: with a function literal among its arguments, an error handler. */
export const NAMED_FOR_ERRORS = /error|errback|exception/i;
/** Methods that change the collection they are called on. */
export const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'set', 'add', 'delete', 'clear']);

export const ERROR_SITE_RULE =
  'one per (1) `catch` clause; (2) rejection handler: a call of `.catch(…)`, or `.then(…, …)` with two arguments; ' +
  "(3) error handler: `.on`/`.once`/`.addListener`/`.prependListener`/`.addEventListener('error', …)`, or a call of a method " +
  'named for errors (its name holds *error*, *errback* or *exception*) with a function literal among its arguments; ' +
  `(4) error check: an \`if\`, \`?:\` or \`switch\` whose condition names ${ERROR_NAMES.map((n) => `\`${n}\``).join(', ')}, ` +
  'or tests `instanceof` a class whose name ends in Error, Exception, Exit or Timeout (one per condition, however many it names). ' +
  '`finally` blocks, `throw` and `&&`/`||` guards are not counted.';

export const SHARED_STATE_RULE =
  'what more than one callback, greenlet or task can change: (1) a variable written inside a function nested in the ' +
  'region but declared outside that function; (2) an object handed to a function as a parameter and changed there; ' +
  '(3) a field of `this` written outside a constructor. Written means assigned (`=`, `+=` and the like, `++`/`--`), ' +
  'a property or element of it assigned, or `push`, `pop`, `shift`, `unshift`, `splice`, `set`, `add`, `delete` or ' +
  '`clear` called on it (for a parameter, only the last two: reassigning a parameter changes nothing outside). ' +
  'Each once, by name.';
