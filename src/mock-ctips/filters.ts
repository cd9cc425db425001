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

/** The categories an event type may be delivered under. */
export function categoriesOf(eventTypeName: string, headerCategory: unknown): string[] {
  const t = contract().type(eventTypeName);
  const accepted = t.acceptedCategories ?? [];
  const own = typeof headerCategory === "string" ? headerCategory : (t.category ?? "");
  return accepted.length ? [...new Set([own, ...accepted])] : [own];
}

export function wantsEvent(
  sub: Subscription,
  eventType: string,
  value: Record<string, unknown>,
  agentLoginName: (agentId: number) => string | undefined,
): boolean {
  if (!categoriesOf(eventType, value.EventCategory).some((c) => sub.categories.has(c))) return false;
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
