/**
 * Steps of the client certification (features/client/): each parses its words and calls
 * the ClientWorld, which drives the mock and judges the client with the checks of
 * src/checks. @see docs/certify-client.md
 */
import { Given, Then, When } from "@cucumber/cucumber";
import { step } from "../support.ts";
import type { ClientWorld } from "./world.ts";

type W = ClientWorld;

// ---------------------------------------------------------------- the client and the world

Given(
  "the client under test is online",
  step(async function (this: W) {
    await this.clientOnline();
  }),
);

Given(
  "the desktop's agent is logged in and Idle",
  step(async function (this: W) {
    await this.desktopAgentIdle();
  }),
);

Given(
  /^the CTIPS sends the client's events (with a member the contract lacks|with an unprefixed xsi:type|without their optional members)$/,
  step(function (this: W, what: string) {
    this.varyEvents(what);
  }),
);

Given(
  /^the CTIPS refuses the client's RouteSelect with (a fault|RouteRejected|RouteRequestFailed)$/,
  step(function (this: W, how: string) {
    this.refuseRouteSelect(how);
  }),
);

Given(
  "the client has been stopped",
  step(async function (this: W) {
    await this.stopClient();
  }),
);

When(
  "the client is stopped",
  step(async function (this: W) {
    await this.stopClient();
  }),
);

When(
  "the heartbeats run for {int} intervals",
  step(async function (this: W, n: number) {
    await this.sleep(n * this.timings.heartbeatIntervalMs);
  }),
);

When(
  /^a customer calls the (inbound|routed) service$/,
  step(function (this: W, which: "inbound" | "routed") {
    this.customersCall(which);
  }),
);

When(
  "a customer calls",
  step(function (this: W) {
    this.customersCall("profile");
  }),
);

When(
  "{int} customers call at once",
  step(function (this: W, n: number) {
    this.customersCall("profile", n);
  }),
);

When(
  "the customer hangs up after the call was presented",
  step(async function (this: W) {
    await this.hangUpAfterPresented();
  }),
);

When(
  "the customer hangs up",
  step(function (this: W) {
    this.hangUp();
  }),
);

When(
  "the desktop's agent is talking to the customer",
  step(async function (this: W) {
    await this.agentTalking();
  }),
);

When(
  /^the (Gateway|CenterCord) link (goes down|comes back up)$/,
  step(function (this: W, component: string, how: string) {
    this.setLink(component, how === "goes down" ? "down" : "up");
  }),
);

When(
  "the CTIPS disposes the client's session",
  step(function (this: W) {
    this.disposeSession();
  }),
);

When(
  "the CTIPS restarts, losing every session",
  step(async function (this: W) {
    await this.restartCtips();
  }),
);

When(
  "the primary CTIPS dies",
  step(async function (this: W) {
    await this.primaryDies();
  }),
);

// ---------------------------------------------------------------- what the client did

Then(
  "the client registered for events before going online",
  step(function (this: W) {
    this.registeredBeforeOnline();
  }),
);

Then(
  "every OpenConnection of the client named exactly one tenant",
  step(function (this: W) {
    this.namedOneTenant();
  }),
);

Then(
  "every session of the client took a snapshot after going online",
  step(async function (this: W) {
    await this.tookSnapshots();
  }),
);

Then(
  "the client sent nothing but OnLine or CloseConnection while offline",
  step(function (this: W) {
    this.onlyOnLineOrCloseWhileOffline();
  }),
);

Then(
  "the client answered every heartbeat within the allowed time",
  step(async function (this: W) {
    await this.heartbeatsAnswered();
  }),
);

Then(
  "the client answered every event with a result within the allowed time",
  step(async function (this: W) {
    await this.eventsAnswered(true);
  }),
);

Then(
  "the client answered every event with a result",
  step(async function (this: W) {
    await this.eventsAnswered(false);
  }),
);

Then(
  "the client answered the call presented to its agent within the allowed time",
  step(async function (this: W) {
    await this.presentedCallAnswered();
  }),
);

Then(
  "the client disposed its agent's Wrap within the allowed time",
  step(async function (this: W) {
    await this.wrapDisposed();
  }),
);

Then(
  "the desktop's agent is back in a rest state",
  step(async function (this: W) {
    await this.agentAtRest();
  }),
);

Then(
  "every SetAgentState of the client asked for a rest state",
  step(function (this: W) {
    this.onlyRestStates();
  }),
);

Then(
  "the client routed the call before the route timeout",
  step(async function (this: W) {
    await this.routedBeforeTimeout();
  }),
);

Then(
  "the call was routed",
  step(function (this: W) {
    this.callRouted();
  }),
);

Then(
  "the call was routed by default after the route timeout",
  step(async function (this: W) {
    await this.routedByDefault();
  }),
);

Then(
  "the client sent no RouteSelect for a call already routed",
  step(async function (this: W) {
    await this.noRouteAfterRouted();
  }),
);

Then(
  "the client is still online in the same session",
  step(function (this: W) {
    this.stillOnlineInSameSession();
  }),
);

Then(
  "the client reconnected, resubscribed, went online and took a snapshot within the allowed time",
  step(async function (this: W) {
    await this.reconnected();
  }),
);

Then(
  "the client is online on the secondary CTIPS",
  step(function (this: W) {
    this.onSecondary();
  }),
);

Then(
  "the client took a snapshot after the link came back up",
  step(async function (this: W) {
    await this.snapshotAfterLinkUp();
  }),
);

Then(
  "the client went offline, then closed its session",
  step(function (this: W) {
    this.offLineThenClose();
  }),
);

Then(
  "the client logged its agents out before closing its session",
  step(function (this: W) {
    this.loggedAgentsOut();
  }),
);

Then(
  "the client's RequestIds were never 0",
  step(function (this: W) {
    this.requestIdsNonZero();
  }),
);

Then(
  "the client never reused a RequestId within a session",
  step(function (this: W) {
    this.requestIdsUnique();
  }),
);

Then(
  "every request of the client kept the wire contract",
  step(function (this: W) {
    this.keptTheWireContract();
  }),
);
