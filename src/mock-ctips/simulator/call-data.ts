/**
 * Call data and media: the UserData items requests carry, the call data they update, the
 * CTICallInfo that presents a call, and the media members of events. Helpers without
 * behaviour of their own, shared by the agent, call and routing modules.
 *
 * Imports world.ts and events.ts only.
 */
import { fill } from "./events.ts";
import { type CallRt, Fault, type World } from "./world.ts";

const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function mediaFields(w: World): Record<string, unknown> {
  const sip = w.topology.mediaType === "VoiceSip" ? w.topology.sip : undefined;
  return {
    MediaType: w.topology.mediaType,
    SipIpAddress: sip?.ipAddress ?? null,
    SipPortNumber: sip?.port ?? 0,
  };
}

/** "20 user defined fields": `key=value`, or a bare value stored as UserData{n}. */
export function parseUserData(items: unknown): { key: string; value: string }[] {
  const list = Array.isArray(items) ? (items as unknown[]).map(str) : [];
  if (list.length > 20)
    throw new Fault("InvalidParameter", `UserData has ${list.length} items; at most 20 are allowed`);
  return list.map((item, i) => {
    const eq = item.indexOf("=");
    return eq > 0
      ? { key: item.slice(0, eq), value: item.slice(eq + 1) }
      : { key: `UserData${i + 1}`, value: item };
  });
}

export function mergeCallData(
  target: { key: string; value: string }[],
  items: { key: string; value: string }[],
): void {
  for (const it of items) {
    const existing = target.find((d) => d.key === it.key);
    if (existing) existing.value = it.value;
    else target.push({ ...it });
  }
}

export function callInfo(call: CallRt): Record<string, unknown> {
  const data = (key: string) => call.callData.find((d) => d.key === key)?.value ?? null;
  return fill("CTICallInfo", {
    ANI: call.ani,
    DNIS: call.dnis,
    FirstName: data("FirstName"),
    LastName: data("LastName"),
    PhoneNumber: call.ani,
    CallerId: call.ani,
    CallData: call.callData.map((d) => fill("CTICallDataItem", d)),
  });
}
