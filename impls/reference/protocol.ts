/**
 * The TypeScript side of the references' process protocol (impls/reference/_harness.py has the whole of it):
 * what a reference prints, as types. harness/agents/reference.ts checks the shapes as they arrive.
 */
import type { ErrorCode } from '../contract.ts';

/** What a reference says about itself in its first line. */
export interface ReferenceGreeting {
  event: 'ready' | 'listening';
  system: string;
  version: string;
  python: string;
  description: string;
  /** Echo only: the port it listens on. */
  port?: number;
}

/** One URL's outcome as a reference reports it: the body reduced to its length and CRC-32 in Python. */
export type ReferenceOutcome =
  | { status: number; bytes: number; crc32: number; latencyMs: number }
  | { error: { code: ErrorCode; message: string }; status?: number; latencyMs: number };

export interface ReferenceFetchReply {
  /** The whole job, measured inside Python. */
  elapsedMs: number;
  /** One per URL, in the order of the job's urls. */
  outcomes: ReferenceOutcome[];
}
