/**
 * The rules the client certification grades (features/client/, tag `@rule:<id>`), each
 * with the guide's clause, the profiles it applies to, and the fixture misbehaviours of the
 * reference client that break it (the proof that grading is honest: each fixture fails
 * exactly the scenarios of its rule). docs/certify-client.md's rule table is generated from
 * this list; the coverage gate fails a full run when a rule has no scenario.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { ClientProfile, Misbehaviour } from "../mock-client/reference-client.ts";
import { featureFiles, parseFeature, scenariosOf } from "./coverage.ts";

export interface ClientRule {
  id: string;
  /** The guide's clause (EDK chapter-page) or WIRE. */
  clause: string;
  title: string;
  profiles: readonly ClientProfile[];
  /** A reading of the kit (docs/readings.md): it warns unless --strict-readings. */
  reading?: string;
  /**
   * Reference-client misbehaviours that break this rule. A fixture listed under several
   * rules fails the scenarios of each, and of no other rule.
   */
  fixtures: readonly Misbehaviour[];
}

const ALL: readonly ClientProfile[] = ["monitor", "agent-desktop", "router"];
const DESKTOP: readonly ClientProfile[] = ["agent-desktop"];

export const CLIENT_RULES: readonly ClientRule[] = [
  {
    id: "subscribe-first",
    clause: "EDK 5-1",
    title: "registers for its events (AddMessageClass, AddFilter) before OnLine",
    profiles: ALL,
    fixtures: ["online-before-subscribe"],
  },
  {
    id: "one-tenant",
    clause: "EDK 3-1",
    title: "OpenConnection names exactly one TenantId",
    profiles: ALL,
    fixtures: [],
  },
  {
    id: "snapshot",
    clause: "EDK 3-6",
    title: "every session takes a Snapshot once it is online",
    profiles: ALL,
    fixtures: ["no-snapshot"],
  },
  {
    id: "heartbeats",
    clause: "EDK 4-1",
    title: "every Heartbeat answered within the time allowed, over several intervals",
    profiles: ALL,
    fixtures: ["heartbeats-unanswered"],
  },
  {
    id: "event-answers",
    clause: "EDK 4-1",
    title: "every PublishCTIEvent answered with a result within the time allowed",
    profiles: ALL,
    fixtures: ["slow-events"],
  },
  {
    id: "accept",
    clause: "EDK 4-11",
    title: "AcceptCall for a call presented to its agent with ResponseRequired, in time",
    profiles: DESKTOP,
    fixtures: ["no-accept"],
  },
  {
    id: "dispose",
    clause: "EDK 2-1",
    title: "SetDisposition when its agent is in Wrap, in time; the agent back at rest",
    profiles: DESKTOP,
    fixtures: ["no-dispose"],
  },
  {
    id: "agent-states",
    clause: "EDK 3-10",
    title: "SetAgentState asks only for rest states",
    profiles: DESKTOP,
    reading: "agent-settable-states",
    fixtures: ["illegal-state"],
  },
  {
    id: "routing",
    clause: "EDK 4-23",
    title:
      "RouteSelect for each RouteRequest's CallId before the route timeout, with a route type and destination; none for a call already routed, also after a refused route (EDK 4-24 … 4-26)",
    profiles: ["router"],
    fixtures: ["late-route-select"],
  },
  {
    id: "tolerance",
    clause: "EDK 4-1",
    title:
      "events with an unknown member, an unprefixed xsi:type, no optional members, in a burst, a link down and up: answered with a result, still online",
    profiles: ALL,
    fixtures: [],
  },
  {
    id: "link-up-snapshot",
    clause: "EDK 4-28",
    title: "a new Snapshot after LinkStatus reports a link up again",
    profiles: ALL,
    reading: "snapshot-after-link-up",
    fixtures: ["no-link-snapshot"],
  },
  {
    id: "recovery",
    clause: "EDK 1-2",
    title:
      "after its session is disposed, the CTIPS restarts or dies: reconnect, resubscribe, OnLine, Snapshot within the time allowed",
    profiles: ALL,
    fixtures: ["no-resubscribe", "no-snapshot"],
  },
  {
    id: "failover",
    clause: "EDK 1-3",
    title: "when the primary CTIPS dies, the client fails over to the secondary",
    profiles: ALL,
    fixtures: ["no-failover"],
  },
  {
    id: "request-ids-non-zero",
    clause: "EDK 3-7",
    title: "RequestIds are never 0",
    profiles: ALL,
    fixtures: ["rid-zero"],
  },
  {
    id: "request-ids-unique",
    clause: "EDK 3-7",
    title: "RequestIds are unique within a session, over the whole run",
    profiles: ALL,
    fixtures: ["rid-reused"],
  },
  {
    id: "wire",
    clause: "WIRE",
    title:
      "requests keep the UIP 7.2 wire contract: member order, namespaces, SOAPActions, enum names (strict fails, --compatible warns)",
    profiles: ALL,
    fixtures: ["wrong-member-order"],
  },
  {
    id: "shut-down",
    clause: "EDK 5-1",
    title: "OffLine, then CloseConnection, when stopped",
    profiles: ALL,
    fixtures: ["no-offline"],
  },
  {
    id: "offline-requests",
    clause: "EDK 5-3",
    title: "nothing but OnLine or CloseConnection while offline",
    profiles: ALL,
    fixtures: ["requests-while-offline"],
  },
  {
    id: "logout",
    clause: "EDK 3-8",
    title: "an agent desktop logs its agents out before it closes its session",
    profiles: DESKTOP,
    reading: "desktop-logs-out",
    fixtures: ["no-logout"],
  },
];

export interface ClientCoverage {
  rules: { id: string; scenarios: string[] }[];
  uncovered: string[];
  /** Scenarios tagged with a rule the list does not have. */
  unknown: string[];
}

/** Which scenarios of features/client/ grade each rule; a full run fails when one has none. */
export function clientCoverage(clientFeaturesDir: string, root = clientFeaturesDir): ClientCoverage {
  const scenarios = featureFiles(clientFeaturesDir).flatMap((f) =>
    scenariosOf(parseFeature(readFileSync(f, "utf8"), relative(root, f))),
  );
  const known = new Set(CLIENT_RULES.map((r) => r.id));
  const rules = CLIENT_RULES.map((r) => ({
    id: r.id,
    scenarios: scenarios.filter((s) => s.tags.includes(`@rule:${r.id}`)).map((s) => s.id),
  }));
  const unknown = scenarios
    .filter((s) => s.tags.some((t) => t.startsWith("@rule:") && !known.has(t.slice(6))))
    .map((s) => s.id);
  return { rules, uncovered: rules.filter((r) => r.scenarios.length === 0).map((r) => r.id), unknown };
}

export const RULES_START =
  "<!-- client-rules: generated by `npx tsx tools/readings-doc.ts` from src/runner/client-rules.ts -->";
export const RULES_END = "<!-- end client-rules -->";

/** docs/certify-client.md's table of the graded rules, with its markers. */
export function clientRulesTable(): string {
  const rows = CLIENT_RULES.map(
    (r) =>
      `| \`${r.id}\` | ${r.clause} | ${r.title}${r.reading ? ` (reading \`${r.reading}\`)` : ""} | ${r.profiles.join(", ")} | ${r.fixtures.map((f) => `\`${f}\``).join(", ") || "—"} |`,
  );
  return [
    RULES_START,
    "| rule | clause | the client … | profiles | fixture that breaks it |",
    "|---|---|---|---|---|",
    ...rows,
    RULES_END,
  ].join("\n");
}

export function withClientRulesTable(doc: string): string {
  const i = doc.indexOf(RULES_START);
  const j = doc.indexOf(RULES_END);
  if (i < 0 || j < i) throw new Error("docs/certify-client.md has no client-rules markers");
  return doc.slice(0, i) + clientRulesTable() + doc.slice(j + RULES_END.length);
}
