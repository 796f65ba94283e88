/**
 * How the hub names things in its failure lines, written the way gevent 22.10 writes them (Python's repr), so that a
 * fiber program's stderr reads like the gevent program's: `<Greenlet at 0x1f: fetch('a', 3)>`,
 * `<callback at 0x2a args=()>`, `<function f at 0x3b>`. JavaScript objects have no address: each object named here
 * gets a small number of its own, printed in hex where Python prints `id()`.
 */

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A stable pseudo-address for `obj`: `0x` and a number, the same one every time for the same object. */
export function addressOf(obj: object): string {
  let id = ids.get(obj);
  if (id === undefined) {
    id = nextId++;
    ids.set(obj, id);
  }
  return `0x${id.toString(16)}`;
}

/** Python's repr of a str: single quotes unless the text has one and no double quote. */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const c of s) {
    if (c === '\\') out += '\\\\';
    else if (c === quote) out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else out += c;
  }
  return `${quote}${out}${quote}`;
}

/** Python's repr of a value a greenlet was given, as far as JavaScript values have Python counterparts. */
export function pyRepr(value: unknown, depth = 0): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return strRepr(value);
  if (typeof value === 'function') return `<function ${value.name || '<lambda>'} at ${addressOf(value)}>`;
  if (typeof value === 'symbol') return String(value);
  if (Buffer.isBuffer(value)) return `b${strRepr(value.toString('latin1'))}`;
  if (Array.isArray(value)) return depth > 2 ? '[...]' : `[${value.map((v) => pyRepr(v, depth + 1)).join(', ')}]`;
  const custom = (value as { toString?: () => string }).toString;
  if (typeof custom === 'function' && custom !== Object.prototype.toString && !(value instanceof Error)) return String(value);
  if (value instanceof Error) return `${value.name}(${value.message === '' ? '' : strRepr(value.message)})`;
  const name = (value as object).constructor?.name ?? 'object';
  return `<${name} object at ${addressOf(value as object)}>`;
}
