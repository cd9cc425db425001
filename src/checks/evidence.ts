/** Small helpers for stating evidence and subjects in findings. */
import type { TimelineEntry } from "../timeline/entry.ts";
import { agentIdOf, callIdOf, eventTypeOf, fieldOf, operationOf, requestIdOf } from "./fields.ts";

/** At most this many sequence numbers per finding; the message gives the full count. */
export const EVIDENCE_CAP = 50;

export function seqs(entries: readonly TimelineEntry[], cap = EVIDENCE_CAP): number[] {
  const out: number[] = [];
  for (let i = 0; i < entries.length && i < cap; i++) out.push(entries[i].seq);
  return out;
}

/** The member that tells events of one type apart, shown beside the ids. */
const DISTINGUISHING: Readonly<Record<string, string>> = {
  AgentStateChange: "AgentState",
  AgentLoginStateChange: "LoginState",
};

/** `AgentStateChange Wrap (seq 12, RequestId 0, AgentId 7)`: how findings name an entry. */
export function describe(e: TimelineEntry): string {
  const detail = e.code ?? e.faultCode;
  const type = e.kind === "event" ? eventTypeOf(e) : undefined;
  const name =
    e.kind === "event"
      ? (type ?? e.name ?? "event")
      : e.kind === "request"
        ? (operationOf(e) ?? "request")
        : `${e.kind}${detail ? ` ${detail}` : ""}`;
  const distinguishing = type && DISTINGUISHING[type] ? ` ${String(fieldOf(e, DISTINGUISHING[type]))}` : "";
  const parts = [`seq ${e.seq}`];
  const rid = requestIdOf(e);
  if (rid !== undefined) parts.push(`RequestId ${rid}`);
  if (e.kind === "event" || e.kind === "request") {
    const cid = callIdOf(e);
    const aid = agentIdOf(e);
    if (cid !== undefined && cid > 0) parts.push(`CallId ${cid}`);
    if (aid !== undefined && aid > 0) parts.push(`AgentId ${aid}`);
  }
  return `${name}${distinguishing} (${parts.join(", ")})`;
}
