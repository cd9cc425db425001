/**
 * Steps of the session/system and agent request features (features/requests/): negative
 * requests (a member left out, a member's raw text), OpenConnection with the target's
 * credentials, sessions in a given state, filters with role values, and "nothing of that
 * kind arrived since" checks. Thin: parse, then call the World or the helpers below.
 */
import { type DataTable, Given, Then, When } from "@cucumber/cucumber";
import { contract, type WireType } from "../src/contract/schemas.ts";
import { encodeRequest } from "../src/contract/soap.ts";
import type { TimelineEntry } from "../src/timeline/entry.ts";
import type { SendOutcome } from "../src/mock-client/types.ts";
import { pairs, step } from "./support.ts";
import { type CtipsWorld, describeOutcome, sameValue, type Value } from "./world.ts";

// ------------------------------------------------------------------ helpers

function remember(world: CtipsWorld, op: string, outcome: SendOutcome): void {
  world.last = outcome;
  if (outcome.requestId !== undefined) {
    world.vars.set("$r", outcome.requestId);
    world.vars.set(`$r:${op}`, outcome.requestId);
  }
}

function argMembers(op: string) {
  const t = contract().operation(op).params[0]?.type;
  return t?.kind === "data" ? contract().type(t.name).members : [];
}

/**
 * What "the client sends X with:" would send: SessionId, TenantId and a fresh RequestId
 * filled in when absent.
 */
async function filledArgs(
  world: CtipsWorld,
  op: string,
  args: Record<string, Value>,
  sessionName = "default",
): Promise<Record<string, Value>> {
  const client = await world.ensureClient();
  const members = argMembers(op);
  const names = new Set(members.map((m) => m.name));
  const out = { ...args };
  // A role resolves to a number; a string member (FieldValue, StationId) carries its text.
  for (const m of members)
    if (m.typeText === "string" && typeof out[m.name] === "number") out[m.name] = String(out[m.name]);
  if (names.has("SessionId") && out.SessionId === undefined)
    out.SessionId = world.session(sessionName).sessionId;
  if (names.has("TenantId") && out.TenantId === undefined) out.TenantId = world.parameters.target.tenantId;
  if (names.has("RequestId") && out.RequestId === undefined) out.RequestId = client.nextRequestId();
  return out;
}

/** A valid value of a scalar wire type, written and then replaced by the raw text. */
function placeholder(type: WireType): Value {
  if (type.kind === "enum") return Object.keys(contract().enumInfo(type.name).values)[0];
  if (type.kind === "primitive") return type.name === "bool" ? false : type.name === "string" ? "x" : 0;
  throw new Error("only scalar members can be written as raw text");
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Sends `op` with `member` written as `text` (an int as "abc", an enum name the contract
 * lacks): the request is encoded with a valid placeholder, then the member's element
 * content is replaced. The timeline records the args with the raw text.
 */
async function sendWithRawText(
  world: CtipsWorld,
  op: string,
  member: string,
  text: string,
  rows: string[][],
): Promise<void> {
  const client = await world.ensureClient();
  const info = contract().operation(op);
  const m = argMembers(op).find((x) => x.name === member);
  if (!m) throw new Error(`${op} has no argument ${member}`);
  const args = await filledArgs(world, op, world.args(rows));
  const profile = world.parameters.target.profile;
  const xml = encodeRequest(info, { args: { ...args, [member]: placeholder(m.type) } }, profile);
  const element = profile === "guide" ? (m.guideName ?? m.name) : m.name;
  const re = new RegExp(`(<(?:\\w+:)?${element}>)[^<]*(</(?:\\w+:)?${element}>)`);
  if (!re.test(xml)) throw new Error(`could not find <${element}> in the encoded ${op}`);
  const rawXml = xml.replace(re, (_, open: string, close: string) => `${open}${escapeXml(text)}${close}`);
  remember(world, op, await client.sendRaw(op, { ...args, [member]: text }, { rawXml }));
}

async function sendLeavingOut(world: CtipsWorld, op: string, member: string, rows: string[][]) {
  if (!argMembers(op).some((m) => m.name === member)) throw new Error(`${op} has no argument ${member}`);
  const args = await filledArgs(world, op, world.args(rows));
  delete args[member];
  await world.sendRaw(op, args);
}

/** The seq of the session's last request `op` (what "since its X" measures from). */
function lastRequestSeq(world: CtipsWorld, sessionName: string, op: string): number {
  const id = world.session(sessionName).sessionId;
  const req = [...world.timeline]
    .reverse()
    .find((e) => e.kind === "request" && e.name === op && e.session === id);
  if (!req) throw new Error(`session ${sessionName} sent no ${op}`);
  return req.seq;
}

/**
 * Waits the quiet time, then fails if the session received an event that `unwanted`
 * picks after `since`. Events of one session arrive in order, so a positive control
 * received earlier in the scenario bounds what could still be on its way.
 */
async function expectNoneSince(
  world: CtipsWorld,
  sessionName: string,
  since: number,
  what: string,
  unwanted: (e: TimelineEntry) => boolean,
): Promise<void> {
  await new Promise((r) => setTimeout(r, world.parameters.quietMs));
  const got = world
    .session(sessionName)
    .events({ since })
    .filter((e) => e.seq > since && unwanted(e));
  if (got.length)
    throw new Error(
      `expected no ${what}, got ${got.map((e) => `#${e.seq} ${e.name}${e.requestId ? ` rid ${e.requestId}` : ""}${e.agentId ? ` agent ${e.agentId}` : ""}`).join(", ")}`,
    );
}

const ofType = (type: string) => (e: TimelineEntry) =>
  type === "events" || e.name === type || e.eventType === type;

function ofCategory(world: CtipsWorld, category: string) {
  const [name] = world.categories(category);
  return (e: TimelineEntry) => (e.payload as { EventCategory?: string } | undefined)?.EventCategory === name;
}

function matching(world: CtipsWorld, type: string, table: DataTable) {
  const where = world.args(pairs(table));
  return (e: TimelineEntry) =>
    ofType(type)(e) &&
    Object.entries(where).every(([k, v]) => sameValue((e.payload as Record<string, unknown>)[k], v));
}

/** Opens a session and brings it to `state` (opened: no OnLine; offline: OnLine then OffLine). */
async function sessionInState(world: CtipsWorld, name: string, categories: string, state: string) {
  if (!["opened", "online", "offline"].includes(state))
    throw new Error(`a session can be opened, online or offline, not '${state}'`);
  const s = await world.openSession(name, {
    categories: world.categories(categories),
    online: state !== "opened",
  });
  if (state === "offline") {
    const o = await s.offline();
    if (!o.ok) throw new Error(`OffLine was refused: ${o.fault.detail?.ErrorCode ?? o.fault.faultcode}`);
  }
}

/** Credentials and callback URL cells of OpenConnection; other cells as usual. */
function connectionValue(world: CtipsWorld, field: string, text: string): Value | Record<string, string> {
  const t = text.trim();
  const { userName, password } = world.parameters.target.credentials;
  if (t === "the target's credentials") return { UserName: userName, Password: password };
  if (t === "the client's callback URL") return world.client!.callbackUrl;
  if (field === "UserCredentials" && t !== "(absent)" && t !== "(nil)")
    throw new Error(`UserCredentials: write "the target's credentials", (absent) or (nil)`);
  return world.value(t);
}

// ------------------------------------------------------------------ sessions

When(
  "the client opens a connection with:",
  step(async function (this: CtipsWorld, table: DataTable) {
    const client = await this.ensureClient();
    const args = Object.fromEntries(
      pairs(table)
        .map(([k, v]) => [k.trim(), connectionValue(this, k.trim(), v)] as const)
        .filter(([, v]) => v !== undefined),
    );
    this.last = await client.sendRaw("OpenConnection", args);
    const id = this.last.ok ? (this.last.result as { SessionId?: unknown } | null)?.SessionId : undefined;
    if (typeof id === "string" && id) {
      this.vars.set("$opened", id);
      this.changes.rawSessions.push(id); // closed by the teardown (EDK 1-3: they count against the cap)
    }
  }),
);

Given(
  "a session subscribed to {string} that is {word}",
  step(async function (this: CtipsWorld, categories: string, state: string) {
    await sessionInState(this, "default", categories, state);
  }),
);

Given(
  "session {word} subscribed to {string} that is {word}",
  step(async function (this: CtipsWorld, name: string, categories: string, state: string) {
    await sessionInState(this, name, categories, state);
  }),
);

When(
  "session {word} sends {word}",
  step(async function (this: CtipsWorld, name: string, op: string) {
    await this.send(op, {}, name);
  }),
);

Then(
  "sessions {word} and {word} have different SessionIds",
  step(function (this: CtipsWorld, a: string, b: string) {
    const [x, y] = [this.session(a).sessionId, this.session(b).sessionId];
    if (!x || !y || x === y) throw new Error(`expected two distinct SessionIds, got '${x}' and '${y}'`);
  }),
);

// ------------------------------------------------------------------ negative requests

When(
  "the client sends {word} leaving out {word}, with:",
  step(async function (this: CtipsWorld, op: string, member: string, table: DataTable) {
    await sendLeavingOut(this, op, member, pairs(table));
  }),
);

When(
  "the client sends {word} leaving out {word}",
  step(async function (this: CtipsWorld, op: string, member: string) {
    await sendLeavingOut(this, op, member, []);
  }),
);

When(
  "the client sends {word} with {word} as the raw text {string}, and:",
  step(async function (this: CtipsWorld, op: string, member: string, text: string, table: DataTable) {
    await sendWithRawText(this, op, member, text, pairs(table));
  }),
);

When(
  "the client sends {word} with {word} as the raw text {string}",
  step(async function (this: CtipsWorld, op: string, member: string, text: string) {
    await sendWithRawText(this, op, member, text, []);
  }),
);

// ------------------------------------------------------------------ filters

/** FieldValue is a string on the wire: a role (`agent A's id`, `the second service`) is sent as its text. */
async function sendFilter(
  world: CtipsWorld,
  name: string,
  op: string,
  fieldType: string,
  value: string,
  rows: string[][] = [],
) {
  const v = world.value(value);
  const args = { ...world.args(rows), FieldType: fieldType, FieldValue: v === null ? null : String(v) };
  await world.send(op, args, name);
}

When(
  "the client sends {word} with FieldType {word} and FieldValue {string}",
  step(async function (this: CtipsWorld, op: string, fieldType: string, value: string) {
    await sendFilter(this, "default", op, fieldType, value);
  }),
);

When(
  "the client sends {word} with FieldType {word} and FieldValue {string}, and:",
  step(async function (this: CtipsWorld, op: string, fieldType: string, value: string, table: DataTable) {
    await sendFilter(this, "default", op, fieldType, value, pairs(table));
  }),
);

When(
  "session {word} sends {word} with FieldType {word} and FieldValue {string}",
  step(async function (this: CtipsWorld, name: string, op: string, fieldType: string, value: string) {
    await sendFilter(this, name, op, fieldType, value);
  }),
);

// ------------------------------------------------------------------ agents

Given(
  "agent {word} has been logged in and out again",
  step(async function (this: CtipsWorld, role: string) {
    const login = await this.sendLogin(role, "NotReady");
    const id = await this.awaitLoggedIn(role, login);
    const logout = await this.send("LogoutAgent", { AgentIdx: id, ReasonCode: 0 });
    if (!logout.ok)
      throw new Error(`LogoutAgent for agent ${role} was refused with ${describeOutcome(logout)}`);
    await this.waitForEvent(
      "AgentLoginStateChange",
      { AgentId: id, LoginState: "AgentLoggedOut" },
      "default",
      login.since,
      { requestId: logout.requestId, what: `agent ${role} to be logged out` },
    );
  }),
);

// ------------------------------------------------------------------ nothing since

Then(
  "the session has received no {word} since its {word}",
  step(async function (this: CtipsWorld, type: string, op: string) {
    await expectNoneSince(this, "default", lastRequestSeq(this, "default", op), type, ofType(type));
  }),
);

Then(
  "session {word} has received no {word} since its {word}",
  step(async function (this: CtipsWorld, name: string, type: string, op: string) {
    await expectNoneSince(this, name, lastRequestSeq(this, name, op), type, ofType(type));
  }),
);

Then(
  "the session has received no {word} events since its {word}",
  step(async function (this: CtipsWorld, category: string, op: string) {
    const since = lastRequestSeq(this, "default", op);
    await expectNoneSince(this, "default", since, `${category} events`, ofCategory(this, category));
  }),
);

Then(
  "session {word} has received no {word} events since its {word}",
  step(async function (this: CtipsWorld, name: string, category: string, op: string) {
    const since = lastRequestSeq(this, name, op);
    await expectNoneSince(this, name, since, `${category} events`, ofCategory(this, category));
  }),
);

Then(
  "the session has received no {word} with:",
  step(async function (this: CtipsWorld, type: string, table: DataTable) {
    await expectNoneSince(this, "default", -1, `${type} with those fields`, matching(this, type, table));
  }),
);

Then(
  "session {word} has received no {word} with:",
  step(async function (this: CtipsWorld, name: string, type: string, table: DataTable) {
    await expectNoneSince(this, name, -1, `${type} with those fields`, matching(this, type, table));
  }),
);
