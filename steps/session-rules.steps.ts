/**
 * Steps of the session features (features/session/: heartbeats, the session cap, tenant,
 * credentials, message classes, filters, offline gating, snapshots) and the flows'
 * helpers (variables bound from the site profile, an agent accepting the call presented
 * to them). Parsing only: each step is one call to the World (steps/world.ts) or its
 * session part (steps/world/session-rules.ts). @see EDK 1-3, 3-1 … 3-6, 4-1, 5-1 … 5-6
 */
import { type DataTable, Given, Then, When } from "@cucumber/cucumber";
import type { CallbackBehaviour } from "../src/mock-client/types.ts";
import { step } from "./support.ts";
import type { CtipsWorld } from "./world.ts";

/** Heartbeat waits scale with the target's interval (30 s on a real CTIPS): they need their own bound. */
const LONG = { timeout: 30 * 60_000 };

// ------------------------------------------------------------------ variables and flows

/** A role's value bound to a variable for tables and flow tables (`"the second service"` → $second). */
Given(
  "{string} is bound to {word}",
  step(function (this: CtipsWorld, role: string, name: string) {
    this.vars.set(name, this.roleOrValue(role));
  }),
);

/** The same as text: DestinationAddress and FieldValue are strings even when they name a service. */
Given(
  "{string} is bound to {word} as text",
  step(function (this: CtipsWorld, role: string, name: string) {
    this.vars.set(name, String(this.roleOrValue(role)));
  }),
);

When(
  "agent {word} accepts the call presented to them",
  step(async function (this: CtipsWorld, role: string) {
    await this.acceptPresentedCall(role);
  }),
);

Then(
  "if the session received {word} with RequestId {word}, it receives, in order:",
  step(async function (this: CtipsWorld, type: string, rid: string, table: DataTable) {
    await this.awaitBranch(type, rid, table.raw());
  }),
);

// ------------------------------------------------------------------ named sessions

When(
  "session {word} goes {word}",
  step(async function (this: CtipsWorld, name: string, what: string) {
    await this.sessionGoes(name, what);
  }),
);

Then(
  "session {word} has received no events",
  step(async function (this: CtipsWorld, name: string) {
    await this.rules.receivedNothing(name);
  }),
);

Then(
  "session {word} has received only {word} events",
  step(async function (this: CtipsWorld, name: string, category: string) {
    await this.rules.receivedOnly(name, category);
  }),
);

Then(
  "session {word} received no events while offline",
  step(async function (this: CtipsWorld, name: string) {
    await this.rules.receivedNothingWhileOffline(name);
  }),
);

// ------------------------------------------------------------------ tenant and credentials

When(
  "the client opens a connection naming the tenants {string}",
  step(async function (this: CtipsWorld, tenants: string) {
    await this.rules.openConnection({ tenants });
  }),
);

When(
  "the client opens a connection with the password {string}",
  step(async function (this: CtipsWorld, password: string) {
    await this.rules.openConnection({ password });
  }),
);

When(
  "the client opens a connection as the user {string}",
  step(async function (this: CtipsWorld, userName: string) {
    await this.rules.openConnection({ userName });
  }),
);

Then(
  "the connection is refused with the status {word} and no SessionId",
  step(function (this: CtipsWorld, status: string) {
    this.rules.refusedWithStatus(status);
  }),
);

// ------------------------------------------------------------------ the session cap

Given(
  "the target's maximum number of sessions are open",
  step(async function (this: CtipsWorld) {
    await this.rules.fillToCap();
  }),
);

When(
  "one more session is opened",
  step(async function (this: CtipsWorld) {
    await this.rules.openConnection();
  }),
);

When(
  "one of the sessions at the cap is closed",
  step(async function (this: CtipsWorld) {
    await this.rules.closeOneAtCap();
  }),
);

Then(
  "the recording keeps to the target's session cap",
  step(function (this: CtipsWorld) {
    this.rules.keptToCap();
  }),
);

// ------------------------------------------------------------------ heartbeats

const HEARTBEAT_BEHAVIOURS: [string, CallbackBehaviour["heartbeat"]][] = [
  ["the client stops answering heartbeats", "ignore"],
  ["the client answers heartbeats with a SOAP fault", "fault"],
  ["the client drops the connection of every heartbeat", "close"],
  ["the client answers heartbeats again", "answer"],
];
for (const [text, heartbeat] of HEARTBEAT_BEHAVIOURS) {
  When(
    text,
    step(function (this: CtipsWorld) {
      this.rules.behave(heartbeat);
    }),
  );
}

When(
  "the client answers the next {int} heartbeat(s) with a SOAP fault",
  step(async function (this: CtipsWorld, n: number) {
    await this.rules.faultNext(n);
  }),
);

When(
  "the session stays online for {int} heartbeats",
  LONG,
  step(async function (this: CtipsWorld, n: number) {
    await this.rules.awaitBeats(n);
  }),
);

Then(
  "the target sends the session {int} more heartbeat(s)",
  LONG,
  step(async function (this: CtipsWorld, n: number) {
    await this.rules.awaitBeats(n);
  }),
);

Then(
  "the target sends the session no heartbeat for {int} heartbeat intervals",
  LONG,
  step(async function (this: CtipsWorld, n: number) {
    await this.rules.noBeatFor(n);
  }),
);

Then(
  "the heartbeats keep the target's configured interval",
  step(function (this: CtipsWorld) {
    this.rules.keepInterval();
  }),
);

Then(
  "the session is disposed after exactly the target's configured number of missed heartbeats",
  LONG,
  step(async function (this: CtipsWorld) {
    await this.rules.disposedAfterConfiguredMisses();
  }),
);

Then(
  "the session is disposed once the last of the target's configured number of unanswered heartbeats times out",
  LONG,
  step(async function (this: CtipsWorld) {
    await this.rules.disposedAfterConfiguredTimeouts();
  }),
);

// ------------------------------------------------------------------ snapshots

Then(
  "the snapshot delivers every requested entity type up to its completion flag",
  step(async function (this: CtipsWorld) {
    await this.rules.deliveredToCompletion();
  }),
);

Then(
  "the snapshot lists agent {word} as {word}",
  step(function (this: CtipsWorld, role: string, state: string) {
    this.rules.listsAgent(role, state);
  }),
);

Then(
  "the snapshot does not list agent {word}",
  step(function (this: CtipsWorld, role: string) {
    this.rules.doesNotListAgent(role);
  }),
);

Then(
  "the snapshot lists these services:",
  step(function (this: CtipsWorld, table: DataTable) {
    this.rules.listsServices(
      table
        .raw()
        .map(([role]) => role.trim())
        .filter((role) => role !== "service"),
    );
  }),
);

Then(
  "the snapshot lists the call {word}",
  step(function (this: CtipsWorld, call: string) {
    this.rules.listsCall(call);
  }),
);

Then(
  "the snapshot agrees with the states the events reported",
  step(function (this: CtipsWorld) {
    this.rules.agreesWithEvents();
  }),
);

Then(
  "the snapshot lists exactly these agents:",
  step(function (this: CtipsWorld, table: DataTable) {
    const [, ...rows] = table.raw();
    this.rules.listsExactly(rows.map(([role, st]) => [role.trim(), st.trim()]));
  }),
);
