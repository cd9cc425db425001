/**
 * What the tolerant decoder accepted that a strict WCF peer would not. The decoder never
 * fails on these; it returns them beside the value so a strict check can fail on them.
 */
export type DeviationKind =
  /** a member element out of WCF's DataContractSerializer order */
  | "member-order"
  /** an element in another namespace than the declaring type's */
  | "namespace"
  /** the guide's spelling (TenantId, UserInfo, PanicLogout, HeartbeatMessage, DefaultRouteUsed, …) */
  | "guide-spelling"
  /** an IsRequired member (or required parameter) is absent */
  | "missing-required"
  /** an element the contract does not know (dropped from the value) */
  | "unknown-member"
  /** text that cannot be read as the member's type (member dropped) */
  | "bad-type"
  /** a derived event without xsi:type (type inferred from EventType) */
  | "missing-xsi-type"
  /** an enum sent as its number instead of its name */
  | "enum-as-number"
  /** a name that is not a member of the enum (kept as text) */
  | "unknown-enum"
  /** SOAPAction header missing or not the contract's action for the body element */
  | "soap-action"
  /** an element repeated where one is expected (the last wins) */
  | "duplicate-member";

export interface Deviation {
  kind: DeviationKind;
  /** Slash path from the body wrapper, e.g. `PublishCTIEvent/ctiEvent/CallInfo/ANI`. */
  path: string;
  message: string;
  expected?: string;
  actual?: string;
}
