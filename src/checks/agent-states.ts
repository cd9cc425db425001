/**
 * The agent state machine the kit holds a CTIPS to: which CTIAgentState may follow which,
 * with the reason each move happens. `LoggedOut` and `LoggedIn` are the login states of
 * AgentLoginStateChange; `LoggedIn` is the moment after login before the first
 * AgentStateChange. The guide gives the call path (EDK 2-1) and little else; the other
 * rows are the kit's reading of a contact-centre agent and are marked `inferred`.
 * docs/checks.md prints this table.
 */

export type AgentNode =
  | "LoggedOut"
  | "LoggedIn"
  | "NotReady"
  | "NotReadyPark"
  | "Idle"
  | "PendingActive"
  | "Active"
  | "Wrap"
  | "WrapWarning"
  | "Reserved"
  | "MultiLine";

export interface AgentTransition {
  from: AgentNode;
  to: AgentNode;
  reason: string;
  clause: string;
  source: "guide" | "inferred";
}

const t = (
  from: AgentNode,
  to: AgentNode,
  reason: string,
  clause: string,
  source: "guide" | "inferred" = "inferred",
): AgentTransition => ({ from, to, reason, clause, source });

/** States an agent may be logged out from (PanicLogout takes effect once a call clears). */
const LOGOUT_FROM: readonly AgentNode[] = [
  "NotReady",
  "NotReadyPark",
  "Idle",
  "Reserved",
  "Wrap",
  "WrapWarning",
];

export const AGENT_TRANSITIONS: readonly AgentTransition[] = [
  t(
    "LoggedOut",
    "LoggedIn",
    "LoginAgent succeeded (AgentLoginStateChange AgentLoggedIn)",
    "EDK 4-3",
    "guide",
  ),
  t("LoggedIn", "NotReady", "initial state requested by LoginAgent", "EDK 3-7", "guide"),
  t("LoggedIn", "NotReadyPark", "initial state requested by LoginAgent", "EDK 3-7", "guide"),
  t("LoggedIn", "Idle", "initial state requested by LoginAgent", "EDK 1-1", "guide"),
  t("LoggedIn", "Reserved", "initial state requested by LoginAgent", "EDK 3-7", "guide"),
  t("NotReady", "Idle", "SetAgentState Idle", "EDK 3-10"),
  t("NotReady", "NotReadyPark", "SetAgentState NotReadyPark", "EDK 3-10"),
  t("NotReadyPark", "NotReady", "SetAgentState NotReady", "EDK 3-10"),
  t("NotReadyPark", "Idle", "SetAgentState Idle", "EDK 3-10"),
  t("Idle", "NotReady", "SetAgentState NotReady", "EDK 3-10"),
  t("Idle", "NotReadyPark", "SetAgentState NotReadyPark", "EDK 3-10"),
  t("Idle", "PendingActive", "a call is connected to the agent (CallConnected)", "EDK 2-1", "guide"),
  t("Idle", "Reserved", "the agent is reserved for a call being routed to them", "EDK A-2"),
  t("Reserved", "PendingActive", "the reserved call is connected to the agent", "EDK A-2"),
  t("Reserved", "Idle", "the reservation is released", "EDK A-2"),
  t("NotReady", "Reserved", "SetAgentState Reserved", "EDK 3-10"),
  t("NotReadyPark", "Reserved", "SetAgentState Reserved", "EDK 3-10"),
  t("Reserved", "NotReadyPark", "SetAgentState NotReadyPark", "EDK 3-10"),
  t("Reserved", "NotReady", "the reservation is released and the agent made not ready", "EDK A-2"),
  t("PendingActive", "Active", "the agent accepts the call (CallEstablished)", "EDK 2-1", "guide"),
  t(
    "PendingActive",
    "Idle",
    "the call is rejected (AcceptCall false) or abandoned while ringing",
    "EDK 3-12",
  ),
  t("PendingActive", "NotReady", "the call is rejected or not answered, agent made not ready", "EDK 3-12"),
  t("Idle", "Active", "the agent originates a call (MakeCall)", "EDK 3-17"),
  t("NotReady", "Active", "the agent originates a call while not ready (MakeCall)", "EDK 3-17"),
  t("Wrap", "Active", "wrap dial: MakeCall with WrapState true", "EDK 3-17"),
  t("Active", "MultiLine", "a second voice call for a multiline client", "EDK 3-7"),
  t("MultiLine", "Active", "one of the two calls clears", "EDK 3-7"),
  t("Active", "Wrap", "the call clears (CallCleared)", "EDK 2-1", "guide"),
  t("Active", "Idle", "the call clears and wrap is not required", "EDK 3-11"),
  t("Active", "NotReady", "the call clears and the agent is made not ready", "EDK 3-11"),
  t("Active", "LoggedOut", "a pending (panic) logout takes effect when the call clears", "EDK 3-9"),
  t("Wrap", "Idle", "the agent disposes the call (SetDisposition)", "EDK 2-1", "guide"),
  t("Wrap", "NotReady", "the agent leaves wrap not ready", "EDK 3-10"),
  t("Wrap", "NotReadyPark", "the agent leaves wrap not ready (park)", "EDK 3-10"),
  t("Wrap", "WrapWarning", "the wrap timer nears its limit", "EDK A-2"),
  t("WrapWarning", "Idle", "the agent disposes the call", "EDK A-2"),
  t("WrapWarning", "NotReady", "the agent leaves wrap not ready", "EDK A-2"),
  ...LOGOUT_FROM.map((from) => t(from, "LoggedOut", "LogoutAgent or PanicLogout", "EDK 3-8", "guide")),
];

const allowed = new Map<string, AgentTransition>(AGENT_TRANSITIONS.map((tr) => [`${tr.from}>${tr.to}`, tr]));

export function agentTransition(from: AgentNode, to: AgentNode): AgentTransition | undefined {
  return allowed.get(`${from}>${to}`);
}

const STATES = new Set<string>([
  "NotReady",
  "NotReadyPark",
  "Idle",
  "PendingActive",
  "Active",
  "Wrap",
  "WrapWarning",
  "Reserved",
  "MultiLine",
]);

/** The node for a CTIAgentState name; undefined for INVALID and unknown names. */
export function agentNode(state: unknown): AgentNode | undefined {
  return typeof state === "string" && STATES.has(state) ? (state as AgentNode) : undefined;
}
