/** Messages between the harness (parent) and its agents (children). */

export interface AgentRequest {
  id: number;
  type: string;
  payload?: unknown;
}

/** id 0 is the unsolicited greeting an agent sends once it is listening for requests. */
export type AgentReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
