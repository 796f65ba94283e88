/**
 * Deterministic payloads: the target server serves them, the echo load generator sends them, and the verifiers
 * compare against them. Byte i of the pattern is i mod 251; a prime period means a body shifted by any offset
 * (a lost or duplicated chunk) no longer matches.
 */

const PERIOD = 251;
/** Largest body the target server will serve and the largest echo message; bigger requests are refused. */
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

let pattern: Buffer | undefined;

function patternOf(length: number): Buffer {
  if (!pattern || pattern.length < length) {
    const size = Math.max(length, 1024 * 1024);
    pattern = Buffer.allocUnsafe(size);
    for (let i = 0; i < size; i++) pattern[i] = i % PERIOD;
  }
  return pattern;
}

/** n deterministic bytes starting at `offset` in the pattern (a shared view: do not modify it). */
export function payloadBytes(n: number, offset = 0): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAYLOAD_BYTES) throw new RangeError(`payload size out of range: ${n}`);
  const start = offset % PERIOD;
  return patternOf(start + n).subarray(start, start + n);
}

/** True when `body` is exactly payloadBytes(n, offset). */
export function isPayload(body: Buffer, n: number, offset = 0): boolean {
  return body.length === n && body.equals(payloadBytes(n, offset));
}
