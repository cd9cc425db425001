/**
 * Which events a session receives: its message classes (categories) and its filters.
 * Semantics (docs/filters.md):
 * - a session receives an event only if it subscribed to the event's category
 *   (ServiceStateChange: to any of its accepted categories, Agent or System);
 * - filters of one field type are alternatives (OR): FT_SERVICE_ID 100 and 200 pass
 *   events of either service;
 * - filters of different field types must all pass (AND): FT_AGENT_ID 1001 with
 *   FT_SERVICE_ID 100 passes events of agent 1001 on service 100;
 * - FT_AGENT_ID matches the numeric AgentId or the agent's login name; an event whose
 *   field is 0 (not about any agent/service) does not pass a filter on that field;
 * - LinkStatus, SnapShotUpdate and SnapShotRequestFailed are never filtered.
 * @see EDK 3-5 (AddFilter), EDK 5-3 (Adding Filters)
 */
import { contract } from "../contract/schemas.ts";
import { mapFor } from "../contract/memo.ts";

export type FieldType = "FT_AGENT_ID" | "FT_SERVICE_ID" | "FT_SWITCH_ID" | "FT_TENANT_ID";

const FIELD_OF: Record<FieldType, string> = {
  FT_AGENT_ID: "AgentId",
  FT_SERVICE_ID: "ServiceId",
  FT_SWITCH_ID: "SwitchId",
  FT_TENANT_ID: "TenantId",
};

const UNFILTERED = new Set(["CTILinkStatus", "CTISnapShotUpdate", "CTISnapShotRequestFailed"]);

export interface Subscription {
  categories: ReadonlySet<string>;
  /** field type → accepted values as the client gave them (strings). */
  filters: ReadonlyMap<FieldType, ReadonlySet<string>>;
}

const categoryCache = new Map<string, Map<string, readonly string[]>>();

/** The categories an event type may be delivered under (computed once per type and header category). */
export function categoriesOf(eventTypeName: string, headerCategory: unknown): readonly string[] {
  const byHeader = mapFor(categoryCache, eventTypeName);
  const key = typeof headerCategory === "string" ? headerCategory : "";
  let list = byHeader.get(key);
  if (!list) {
    const t = contract().type(eventTypeName);
    const accepted = t.acceptedCategories ?? [];
    const own = key || (t.category ?? "");
    list = Object.freeze(accepted.length ? [...new Set([own, ...accepted])] : [own]);
    byHeader.set(key, list);
  }
  return list;
}

/** Whether the subscription takes any of these categories. */
export function inCategories(sub: Pick<Subscription, "categories">, categories: readonly string[]): boolean {
  for (const c of categories) if (sub.categories.has(c)) return true;
  return false;
}

export function wantsEvent(
  sub: Subscription,
  eventType: string,
  value: Record<string, unknown>,
  agentLoginName: (agentId: number) => string | undefined,
): boolean {
  if (!inCategories(sub, categoriesOf(eventType, value.EventCategory))) return false;
  if (UNFILTERED.has(eventType) || sub.filters.size === 0) return true;
  for (const [fieldType, values] of sub.filters) {
    if (values.size === 0) continue;
    const field = FIELD_OF[fieldType];
    const v = value[field];
    if (typeof v !== "number" || v === 0) return false;
    if (values.has(String(v))) continue;
    if (fieldType === "FT_AGENT_ID") {
      const login = agentLoginName(v);
      if (login !== undefined && values.has(login)) continue;
    }
    return false;
  }
  return true;
}

/** A FieldValue the field type can carry: digits for ids, an id or a login name for agents. */
export function validFilterValue(fieldType: FieldType, value: string): boolean {
  if (fieldType === "FT_AGENT_ID") return value.trim().length > 0;
  return /^\d{1,10}$/.test(value.trim());
}
