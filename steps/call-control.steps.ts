/**
 * Steps of the call-control and routing request features (features/requests/AcceptCall …
 * RouteSelect): set-ups that put the current call ($call) in the state a request needs,
 * a request with one member's text replaced (wrong types, enum names the contract lacks:
 * values the contract-driven writer refuses to write), text bindings for string members,
 * and an assertion on an event's call data.
 */
import { type DataTable, Given, Then, When } from "@cucumber/cucumber";
import { contract } from "../src/contract/schemas.ts";
import { encodeRequest } from "../src/contract/soap.ts";
import type { TimelineEntry } from "../src/timeline/entry.ts";
import { pairs, step } from "./support.ts";
import type { CtipsWorld } from "./world.ts";

function refusedSetUp(op: string, world: CtipsWorld): Error {
  const o = world.last;
  const why =
    o && !o.ok
      ? `${o.fault.detail?.ErrorCode ?? o.fault.faultcode}: ${o.fault.detail?.Message ?? o.fault.faultstring}`
      : "no answer";
  return new Error(`set-up ${op} was refused (${why})`);
}

/** HoldCall for the current call, then its CallHeld. @see EDK 3-16 */
async function holdCurrentCall(world: CtipsWorld, role: string): Promise<void> {
  const agentId = world.agentId(role);
  const callId = world.vars.get("$call");
  const since = world.client?.timeline.length ?? 0;
  const o = await world.send("HoldCall", { AgentIdx: agentId, CallId: callId });
  if (!o.ok) throw refusedSetUp("HoldCall", world);
  await world.waitForEvent("CallHeld", { CallId: callId, RequestId: o.requestId }, "default", since);
}

/**
 * ConsultationCall from `a` (on $call) to agent `b` (logged in, available), `b` answers
 * (AcceptCall when the call is presented with ResponseRequired, else at the phone), and
 * CallConsultation tells `a`. Binds $consultation to the consultation call's id.
 * @see EDK 3-14, EDK E-8
 */
async function consultAgent(world: CtipsWorld, a: string, b: string): Promise<void> {
  const agentA = world.agentId(a);
  const agentB = world.agentId(b);
  const callId = world.vars.get("$call");
  const since = world.client?.timeline.length ?? 0;
  const o = await world.send("ConsultationCall", {
    AgentIdx: agentA,
    CallId: callId,
    DestinationType: "Agent",
    DestinationAddress: world.agent(b).loginName,
    ServiceId: 0,
    UserData: [],
  });
  if (!o.ok) throw refusedSetUp("ConsultationCall", world);
  const originated = await world.waitForEvent("CallOriginated", { RequestId: o.requestId }, "default", since);
  const consultation = (originated.payload as { CallId: number }).CallId;
  world.vars.set("$consultation", consultation);
  const connected = await world.waitForEvent(
    "CallConnected",
    { CallId: consultation, AgentId: agentB },
    "default",
    since,
  );
  await answerPresented(world, b, connected);
  await world.waitForEvent(
    "CallConsultation",
    { CallId: callId, ConsultationCallId: consultation },
    "default",
    since,
  );
}

/** The agent takes the call its CallConnected presented: AcceptCall, or at the phone when no response is required. */
async function answerPresented(world: CtipsWorld, role: string, connected: TimelineEntry): Promise<void> {
  const p = connected.payload as { CallId: number; AgentId: number; ResponseRequired: boolean };
  if (p.ResponseRequired) {
    const o = await world.send("AcceptCall", {
      AgentIdx: p.AgentId,
      CallId: p.CallId,
      AcceptCall: true,
      RejectReasonCode: 0,
    });
    if (!o.ok) throw refusedSetUp("AcceptCall", world);
  } else {
    await world.trigger("answer", { loginName: world.agent(role).loginName });
  }
  await world.waitForEvent("CallEstablished", { CallId: p.CallId, AgentId: p.AgentId });
}

Given(
  "agent {word} has put the call on hold",
  step(async function (this: CtipsWorld, role: string) {
    await holdCurrentCall(this, role);
  }),
);

Given(
  "agent {word} has a consultation call with agent {word}",
  step(async function (this: CtipsWorld, a: string, b: string) {
    await consultAgent(this, a, b);
  }),
);

/** The site profile's reject reason (AcceptCall false), bound to a variable for the tables. */
Given(
  "the site's reject reason code is bound to {word}",
  step(function (this: CtipsWorld, name: string) {
    this.vars.set(name, this.site.rejectReasonCode);
  }),
);

/**
 * The last event of this type (as the last "receives" step matched it) carries these call
 * data items among its CallData (CTICallDataItem[]: key, value), in any position.
 * @see EDK 4-13 CallDataUpdate
 */
Then(
  "the {word} event carries the call data:",
  step(async function (this: CtipsWorld, type: string, table: DataTable) {
    const entry =
      this.lastEvent && (this.lastEvent.name === type || this.lastEvent.eventType === type)
        ? this.lastEvent
        : await this.waitForEvent(type);
    const data = (entry.payload as { CallData?: { key: string; value: string }[] | null }).CallData ?? [];
    const missing = pairs(table)
      .map(([k, v]) => [k.trim(), String(this.value(v))] as const)
      .filter(([k, v]) => !data.some((d) => d.key === k && d.value === v));
    if (missing.length)
      throw new Error(
        `${type} (#${entry.seq}) lacks ${missing.map(([k, v]) => `${k}=${v}`).join(", ")}; its CallData: ${JSON.stringify(data)}`,
      );
  }),
);

/**
 * Sends `op` with the table's arguments (SessionId, TenantId and a fresh RequestId filled
 * in as "the client sends X with:" does), but with `member`'s element text replaced by
 * `text` on the wire: a wrong type or an enum name the contract lacks, which the kit's
 * writer refuses to produce. The timeline records the args with that text. @see EDK 2-4
 */
async function sendWithMemberText(
  world: CtipsWorld,
  op: string,
  member: string,
  text: string,
  table: DataTable,
): Promise<void> {
  const client = await world.ensureClient();
  const info = contract().operation(op);
  const args: Record<string, unknown> = {
    SessionId: world.session().sessionId,
    RequestId: client.nextRequestId(),
    TenantId: world.parameters.target.tenantId,
    ...Object.fromEntries(Object.entries(world.args(pairs(table))).filter(([, v]) => v !== undefined)),
  };
  if (!(member in args)) throw new Error(`the table must give ${member} a valid value to replace`);
  const profile = world.parameters.target.profile;
  const xml = encodeRequest(info, { args }, profile);
  const argsType = info.params[0]?.type;
  const declared =
    argsType?.kind === "data"
      ? contract()
          .type(argsType.name)
          .members.find((m) => m.name === member)
      : undefined;
  const names = [member, ...(profile === "guide" && declared?.guideName ? [declared.guideName] : [])];
  let replaced = xml;
  for (const name of names) {
    const element = new RegExp(`(<(?:\\w+:)?${name}>)[^<]*(</(?:\\w+:)?${name}>)`);
    if (element.test(replaced)) {
      replaced = replaced.replace(
        element,
        (_, open: string, close: string) => `${open}${escapeXml(text)}${close}`,
      );
      break;
    }
  }
  if (replaced === xml) throw new Error(`${op}'s XML has no <${member}> element with text to replace`);
  world.last = await client.sendRaw(op, { ...args, [member]: text }, { rawXml: replaced });
  world.vars.set("$r", args.RequestId as number);
  world.vars.set(`$r:${op}`, args.RequestId as number);
}

function escapeXml(t: string): string {
  return t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

When(
  "the client sends {word} writing {string} as its {word}, with:",
  step(async function (this: CtipsWorld, op: string, text: string, member: string, table: DataTable) {
    await sendWithMemberText(this, op, member, text, table);
  }),
);

/**
 * Binds a role value as text, for string members that name something by number
 * (DestinationAddress of a service): `Given $second is the text of "the second service"`.
 */
Given(
  "{word} is the text of {string}",
  step(function (this: CtipsWorld, name: string, text: string) {
    const v = this.value(text);
    if (v === undefined || v === null || typeof v === "object")
      throw new Error(`"${text}" has no text form (${JSON.stringify(v)})`);
    this.vars.set(name, String(v));
  }),
);
