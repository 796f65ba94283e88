import { ERROR_CODES, type ErrorCode } from '../contract.ts';

/** Node errno codes that mean "the connection broke under us"; the report counts them all as ECONNRESET. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);

/**
 * Maps an error from Node or from the shared codec onto the contract's stable codes. Styles map their own
 * concepts (a 599 response, a Timeout, a CancelledError) before falling back to this.
 */
export function errorCodeOf(err: unknown): ErrorCode {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return 'OTHER';
  if (RESET_CODES.has(code)) return 'ECONNRESET';
  if (code === 'ETIMEDOUT') return 'TIMEOUT';
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'OTHER';
}

export function errorMessageOf(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
