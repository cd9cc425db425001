/**
 * A check the load profile and the isolation test need that the catalogue does not have
 * yet: every event a session receives is one its subscriptions let through — a category it
 * added with AddMessageClass (and did not delete), passing its filters. It is a pure check
 * over a timeline like the catalogue's, written from the guide and docs/filters.md, not from
 * the mock's own code, so it can judge the mock.
 * @see EDK 3-4 (AddMessageClass), EDK 3-5 (AddFilter), EDK 5-3, docs/filters.md
 */
import { argsOf, eventTypeOf, fieldOf, operationOf, requestIdOf } from "../checks/fields.ts";
import { type CheckResult, conclude, fail, type Observation } from "../checks/finding.ts";
import { indexTimeline, isSuccessfulAnswer, type SessionView } from "../checks/timeline-index.ts";
import { contract } from "../contract/schemas.ts";
import type { TimelineEntry } from "../timeline/entry.ts";

/** The event member a filter's field type names. @see EDK A-10 CTIFieldType */
const FILTER_FIELD: Readonly<Record<string, string>> = {
  FT_AGENT_ID: "AgentId",
  FT_SERVICE_ID: "ServiceId",
  FT_SWITCH_ID: "SwitchId",
  FT_TENANT_ID: "TenantId",
};

/** System state, and the answers to the session's own Snapshot: never filtered (docs/filters.md). */
const UNFILTERED = new Set(["LinkStatus", "SnapShotUpdate", "SnapShotRequestFailed"]);
/** Answers to the session's own Snapshot: delivered whatever it subscribed to. */
const OWN_ANSWERS = new Set(["SnapShotUpdate", "SnapShotRequestFailed"]);

export interface SubscriptionParams {
  /** Login name → AgentId, for FT_AGENT_ID filters that give a login name (else learned from AgentLoginStateChange). */
  agentIds?: Readonly<Record<string, number>>;
}

interface Subscribed {
  categories: Set<string>;
  filters: Map<string, Set<string>>;
}

/** The categories an event may be delivered under: its own, and those its type also accepts (ServiceStateChange). */
function categoriesOf(eventType: string): string[] {
  const t = contract().eventTypes.get(eventType);
  if (!t) return [];
  return [...new Set([t.category ?? "", ...(t.acceptedCategories ?? [])])].filter(Boolean);
}

/** Applies one session request to what it subscribes to. */
function apply(sub: Subscribed, r: TimelineEntry): void {
  const a = argsOf(r);
  switch (operationOf(r)) {
    case "AddMessageClass":
      sub.categories.add(String(a.MessageClass));
      break;
    case "DeleteMessageClass":
      sub.categories.delete(String(a.MessageClass));
      break;
    case "AddFilter": {
      const type = String(a.FieldType);
      const values = sub.filters.get(type) ?? new Set<string>();
      sub.filters.set(type, values);
      values.add(String(a.FieldValue).trim());
      break;
    }
    case "DeleteFilter":
      sub.filters.get(String(a.FieldType))?.delete(String(a.FieldValue).trim());
      break;
  }
}

const SUBSCRIBING = new Set(["AddMessageClass", "DeleteMessageClass", "AddFilter", "DeleteFilter"]);

/** Why the subscription does not let the event through, or undefined when it does. */
function refusal(
  sub: Subscribed,
  e: TimelineEntry,
  type: string,
  loginIds: ReadonlyMap<string, number>,
): string | undefined {
  const categories = categoriesOf(type);
  if (!categories.some((c) => sub.categories.has(c)))
    return `its category ${categories.join(" or ")} is not among the session's (${[...sub.categories].join(", ") || "none"})`;
  if (UNFILTERED.has(type)) return undefined;
  for (const [fieldType, values] of sub.filters) {
    if (values.size === 0) continue;
    const field = FILTER_FIELD[fieldType];
    if (!field) continue;
    const v = fieldOf(e, field);
    const ids = new Set([...values].map((x) => (/^\d+$/.test(x) ? Number(x) : loginIds.get(x))));
    if (typeof v !== "number" || v === 0 || !ids.has(v))
      return `its ${field} ${String(v ?? "(none)")} does not pass the filter ${fieldType} = ${[...values].join(" | ")}`;
  }
  return undefined;
}

/**
 * Every event a session receives passes its subscriptions: a message class it added (and did
 * not delete since) and every filter field type it set (values of one type are alternatives).
 * Answers to its own Snapshot are always delivered. A subscription change whose answer is
 * still outstanding when an event comes may go either way. @see EDK 3-4, EDK 3-5, EDK 5-3
 */
export function eventsMatchTheirSessionsSubscriptions(
  timeline: readonly TimelineEntry[],
  params: SubscriptionParams = {},
): CheckResult {
  const index = indexTimeline(timeline);
  const loginIds = new Map<string, number>(Object.entries(params.agentIds ?? {}));
  for (const e of index.entries)
    if (e.kind === "event" && eventTypeOf(e) === "AgentLoginStateChange") {
      const name = fieldOf(e, "AgentLoginName");
      const id = fieldOf(e, "AgentId");
      if (typeof name === "string" && typeof id === "number" && id > 0 && !loginIds.has(name))
        loginIds.set(name, id);
    }
  const failures: Observation[] = [];
  let checked = 0;
  for (const s of index.sessions.values()) {
    checked += judgeSession(s, index.answerOf, loginIds, failures);
  }
  return conclude(
    failures,
    checked,
    `${checked} events reached only sessions whose subscriptions let them through`,
    "no event",
  );
}

function judgeSession(
  s: SessionView,
  answerOf: ReadonlyMap<number, TimelineEntry>,
  loginIds: ReadonlyMap<string, number>,
  failures: Observation[],
): number {
  // Two views: `settled` applies a change once it was accepted; `eager` as soon as it was
  // asked. An event passes if either lets it through (the change raced the event).
  const settled: Subscribed = { categories: new Set(), filters: new Map() };
  const eager: Subscribed = { categories: new Set(), filters: new Map() };
  const pending: TimelineEntry[] = [];
  const ownSnapshots = new Set<number>();
  let checked = 0;
  for (const e of s.entries) {
    for (let i = pending.length - 1; i >= 0; i--) {
      const answer = answerOf.get(pending[i].seq);
      if (answer && answer.seq <= e.seq) {
        if (isSuccessfulAnswer(answer)) apply(settled, pending[i]);
        pending.splice(i, 1);
      }
    }
    if (e.kind === "request") {
      const op = operationOf(e);
      if (op === "Snapshot") {
        const rid = requestIdOf(e);
        if (rid !== undefined) ownSnapshots.add(rid);
      }
      if (!op || !SUBSCRIBING.has(op)) continue;
      const answer = answerOf.get(e.seq);
      if (answer && !isSuccessfulAnswer(answer)) continue;
      apply(eager, e);
      pending.push(e);
      continue;
    }
    if (e.kind !== "event") continue;
    const type = eventTypeOf(e);
    if (!type) continue;
    checked++;
    if (OWN_ANSWERS.has(type) && ownSnapshots.has(requestIdOf(e) ?? -1)) continue;
    const why = refusal(settled, e, type, loginIds);
    if (why === undefined || refusal(eager, e, type, loginIds) === undefined) continue;
    failures.push(
      fail(
        `session ${s.id}: expected only events its subscriptions let through, got ${type} (seq ${e.seq}): ${why}`,
        {
          expected: {
            categories: [...settled.categories],
            filters: Object.fromEntries([...settled.filters].map(([k, v]) => [k, [...v]])),
          },
          actual: { event: type, seq: e.seq },
          evidence: [e.seq],
          subject: { session: s.id, callId: e.callId, agentId: e.agentId },
        },
      ),
    );
  }
  return checked;
}
