/**
 * The preflight, before the first scenario: can the kit open a session with the target,
 * and is the site in its known start state (the site profile's agents logged out, no
 * calls on its services or at its agents)? It brings the site there through the protocol
 * (and the hangup trigger, where configured) and refuses to start, naming what is wrong
 * and what the operator must do, when it cannot. The same restore runs after the last
 * scenario (the postflight), so a run leaves no agent logged in and no call up.
 * @see docs/certify.md ("Isolation and preflight")
 */
import { KitError } from "../contract/errors.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import type { WorldParameters } from "./params.ts";
import { type RestoreReport, restoreSite } from "./site-state.ts";
import { clientFor } from "./target-client.ts";
import { createTriggers } from "./triggers.ts";

/**
 * Learns the AgentId of each site agent whose id the config does not give: LoginAgent
 * (NotReady), its AgentLoginStateChange names the id (EDK 3-7: "provided to the client in
 * events following a login request"), LogoutAgent. Scenarios that name "agent A's id"
 * without logging A in (requests refused for other reasons) need it.
 */
async function learnAgentIds(
  client: Awaited<ReturnType<typeof clientFor>>,
  p: WorldParameters,
  actions: string[],
): Promise<void> {
  const missing = Object.entries(p.site.agents).filter(([, a]) => a && a.agentId === undefined);
  if (!missing.length) return;
  const session = await client.openSession({ categories: ["EventCategoryAgent"] });
  try {
    for (const [role, a] of missing) {
      if (!a) continue;
      const since = session.events().at(-1)?.seq ?? 0;
      const login = await session.send("LoginAgent", {
        AgentLoginName: a.loginName,
        StationId: a.station,
        InitState: "NotReady",
        MultiLine: 0,
      });
      if (!login.ok) {
        actions.push(`could not learn agent ${role}'s id: LoginAgent was refused`);
        continue;
      }
      const ev = await session
        .waitForEvent(
          {
            type: "AgentLoginStateChange",
            where: (v) => v.AgentLoginName === a.loginName && v.LoginState === "AgentLoggedIn",
          },
          p.eventTimeoutMs,
          since,
        )
        .catch(() => undefined);
      const id = (ev?.payload as { AgentId?: number } | undefined)?.AgentId;
      if (typeof id !== "number") {
        actions.push(`could not learn agent ${role}'s id: no AgentLoginStateChange for ${a.loginName}`);
        continue;
      }
      a.agentId = id;
      const out = await session.send("LogoutAgent", { AgentIdx: id, ReasonCode: 0 });
      await session
        .waitForEvent(
          {
            type: "AgentLoginStateChange",
            where: (v) => v.AgentId === id && v.LoginState === "AgentLoggedOut",
          },
          p.eventTimeoutMs,
          since,
        )
        .catch(() => undefined);
      actions.push(
        `learned agent ${role}'s id ${id} (${a.loginName}) by logging in and out${out.ok ? "" : " (LogoutAgent was refused)"}`,
      );
    }
  } finally {
    await session.close().catch(() => undefined);
  }
}

export interface PreflightReport {
  /** What the kit did to reach the start state. */
  actions: string[];
  /** What it noticed but could live with (a Snapshot it could not use). */
  warnings: string[];
  /** Each site service's state as the target reported it: restored after service-state triggers. */
  services: Record<string, string>;
  /** What is still not in the start state (the postflight reports it; the preflight throws). */
  remaining: string[];
  /** The preflight's own exchanges, for the report. */
  timeline: TimelineEntry[];
}

/** Brings the site to its start state; `phase` names it in messages. Throws only for the preflight. */
export async function bringSiteToStart(
  p: WorldParameters,
  phase: "preflight" | "postflight",
): Promise<PreflightReport> {
  let client: Awaited<ReturnType<typeof clientFor>>;
  try {
    client = await clientFor(p);
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_PREFLIGHT",
      `the kit's callback service could not start: ${(err as Error).message}`,
      {
        fix: "check callback.host and callback.port in the config (docs/certify.md)",
        cause: err,
      },
    );
  }
  let report: RestoreReport;
  const learned: string[] = [];
  try {
    report = await restoreSite({
      client,
      site: p.site,
      triggers: createTriggers(p.triggers),
      waitMs: p.eventTimeoutMs,
      quietMs: p.quietMs,
      budgetMs: p.teardownTimeoutMs * 2,
    });
    if (phase === "preflight" && !report.remaining.length) await learnAgentIds(client, p, learned);
  } finally {
    await client.close().catch(() => undefined);
  }
  const out: PreflightReport = {
    actions: [...report.actions, ...learned],
    warnings: report.state.snapshotProblem
      ? [
          `the target's Snapshot could not be used to read the site (${report.state.snapshotProblem}); the kit relies on what the scenarios see`,
        ]
      : [],
    services: Object.fromEntries([...report.state.services].map(([id, st]) => [String(id), st])),
    remaining: report.remaining,
    timeline: [...client.timeline.entries],
  };
  if (phase === "preflight" && report.remaining.length) {
    const noSession = report.remaining.find((r) => r.startsWith("no session could be opened"));
    throw new KitError(
      "CTIPSKIT_E_PREFLIGHT",
      noSession
        ? `cannot start: ${noSession}`
        : `cannot start: the site is not in its known start state and the kit could not bring it there: ${report.remaining.join("; ")}`,
      {
        fix: noSession
          ? `check target.endpoint (${p.target.endpoint}), target.credentials, target.tenantId, and that the target reaches the kit's callback address (callback.publicUrl)`
          : "log those agents out and end those calls by hand (or configure a hangup trigger), or use agents and services nobody else uses (site: in the config); then run again",
        details: { remaining: report.remaining, actions: report.actions },
      },
    );
  }
  return out;
}
