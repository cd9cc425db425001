/** Steps that make the world happen: agents log in, customers call and hang up, links drop. */
import { Given, When } from "@cucumber/cucumber";
import { step } from "./support.ts";
import type { CtipsWorld } from "./world.ts";

/** Logs an agent in (LoginAgent) and waits until it reaches `state`; learns its AgentId. */
async function login(world: CtipsWorld, role: string, state: string): Promise<void> {
  const login = await world.sendLogin(role, state);
  const id = await world.awaitLoggedIn(role, login);
  await world.waitForEvent("AgentStateChange", { AgentId: id, AgentState: state }, "default", login.since, {
    requestId: login.requestId,
    what: `agent ${role} to be ${state} after logging in`,
  });
}

Given(
  "agent {word} is logged in",
  step(async function (this: CtipsWorld, role: string) {
    await login(this, role, "Idle");
  }),
);

Given(
  "agent {word} is logged in and {word}",
  step(async function (this: CtipsWorld, role: string, state: string) {
    await login(this, role, state);
  }),
);

async function call(world: CtipsWorld, serviceRole: string): Promise<void> {
  const serviceId = world.value(`the ${serviceRole} service`) as number;
  const since = world.client?.timeline.length ?? 0;
  const r = await world.trigger("inbound-call", { serviceId, ani: world.site.ani, dnis: world.site.dnis });
  if (r.callId !== undefined) world.vars.set("$call", r.callId);
  else {
    // A trigger that cannot tell the call's id (a SIP generator): take the next CallStarted's.
    const started = await world.waitForEvent("CallStarted", {}, "default", since);
    world.vars.set("$call", started.callId ?? null);
  }
}

When(
  "a customer calls the {word} service",
  step(async function (this: CtipsWorld, service: string) {
    await call(this, service);
  }),
);

/** Agent logged in and Idle, a customer calls, the call is offered to the agent and accepted. */
Given(
  "agent {word} is talking to a customer on the {word} service",
  step(async function (this: CtipsWorld, role: string, service: string) {
    await login(this, role, "Idle");
    await call(this, service);
    const agentId = this.agentId(role);
    const connected = await this.waitForEvent("CallConnected", {
      CallId: this.vars.get("$call"),
      AgentId: agentId,
    });
    if ((connected.payload as { ResponseRequired: boolean }).ResponseRequired) {
      const o = await this.send("AcceptCall", {
        AgentIdx: agentId,
        CallId: this.vars.get("$call"),
        AcceptCall: true,
        RejectReasonCode: 0,
      });
      if (!o.ok) throw new Error(`AcceptCall was refused: ${o.fault.detail?.ErrorCode}`);
    } else {
      await this.trigger("answer", { loginName: this.agent(role).loginName });
    }
    await this.waitForEvent("CallEstablished", { CallId: this.vars.get("$call"), AgentId: agentId });
  }),
);

When(
  "the customer hangs up",
  step(async function (this: CtipsWorld) {
    await this.trigger("hangup", { callId: this.vars.get("$call") as number });
  }),
);

When(
  "agent {word} answers the phone",
  step(async function (this: CtipsWorld, role: string) {
    await this.trigger("answer", { loginName: this.agent(role).loginName });
  }),
);

When(
  "the {word} link goes {word}",
  step(async function (this: CtipsWorld, component: string, state: string) {
    await this.trigger("link", {
      component: component as "Gateway" | "CenterCord",
      state: state as "up" | "down",
    });
  }),
);

When(
  "the {word} service changes to {word}",
  step(async function (this: CtipsWorld, service: string, state: string) {
    await this.trigger("service-state", { serviceId: this.value(`the ${service} service`) as number, state });
  }),
);
