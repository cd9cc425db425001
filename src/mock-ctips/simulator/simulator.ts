/**
 * createSimulator: the contact center behind the mock CTIPS. Dispatches the 18 agent,
 * call-control and routing requests, exposes the control operations, snapshots and the
 * event stream. Knows no HTTP and no SOAP (design.md). Behaviour: docs/flows.md.
 *
 * The top of the simulator's modules: it imports the request modules (agents.ts, calls.ts,
 * routing.ts) and what they build on; none of them imports it back.
 */
import { KitError } from "../../contract/errors.ts";
import { contract } from "../../contract/schemas.ts";
import {
  getAgentState,
  loginAgent,
  logoutAgent,
  panicLogoutAgent,
  setAgentState,
  setDisposition,
} from "./agents.ts";
import { mediaFields } from "./call-data.ts";
import { scheduleDistribution, serviceInfos, stationFields } from "./call-distribution.ts";
import {
  acceptCall,
  answerAtPhone,
  clearCallRequest,
  conferenceCall,
  consultationCall,
  createCall,
  getCallData,
  hangup,
  holdCall,
  makeCall,
  retrieveCall,
  sendDTMFDigits,
  setCallData,
  transferCall,
} from "./calls.ts";
import { realClock } from "./clock.ts";
import { fill } from "./events.ts";
import { refuseRoute, routeSelect } from "./routing.ts";
import { defaultTopology, loadTopology } from "./topology.ts";
import type {
  CreateCallInput,
  Logger,
  SimControl,
  SimTimings,
  Simulator,
  SimulatorOptions,
} from "./types.ts";
import { type AgentParty, Fault, type Origin, World } from "./world.ts";

export const defaultTimings: SimTimings = {
  deliverMs: 500, // 0.5 s: the inbound script identifies and queues the call
  distributeMs: 1_000, // 1 s: the ACD selects an idle agent and rings the station
  farEndAnswerMs: 3_000, // 3 s: an external number answers
  passcodeMs: 5_000, // 5 s: the agent keys the 3-digit passcode
  routeTimeoutMs: null, // each service's routeTimeoutMs
  wrapMs: 0, // wrap lasts until SetDisposition
  eventGapMs: 0, // events of one step back to back
};

type Handler = (w: World, args: Record<string, unknown>, origin: Origin) => void;

/** The 18 agent, call-control and routing operations, by wire name (PanicLogout is PanicLogoutAgent on the wire). */
const OPERATIONS: Record<string, Handler> = {
  LoginAgent: loginAgent,
  LogoutAgent: logoutAgent,
  PanicLogoutAgent: panicLogoutAgent,
  SetAgentState: setAgentState,
  GetAgentState: getAgentState,
  SetDisposition: setDisposition,
  AcceptCall: acceptCall,
  ClearCall: clearCallRequest,
  ConferenceCall: conferenceCall,
  ConsultationCall: consultationCall,
  GetCallData: getCallData,
  SetCallData: setCallData,
  HoldCall: holdCall,
  RetrieveCall: retrieveCall,
  MakeCall: makeCall,
  SendDTMFDigits: sendDTMFDigits,
  TransferCall: transferCall,
  RouteSelect: routeSelect,
};

export const SIMULATOR_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function invalid(op: string, field: string, expected: string, actual: unknown): KitError {
  return new KitError(
    "CTIPSKIT_E_CONTROL_INVALID",
    `${op}: ${field} must be ${expected}, got ${JSON.stringify(actual)}`,
    {
      fix: `pass ${field} as ${expected}`,
      details: { operation: op, field },
    },
  );
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

function validateCreateCall(i: unknown): CreateCallInput {
  const o = (typeof i === "object" && i !== null ? i : {}) as Record<string, unknown>;
  if (typeof i !== "object" || i === null) throw invalid("createCall", "input", "an object", i);
  if (!isInt(o.serviceId)) throw invalid("createCall", "serviceId", "an integer", o.serviceId);
  if (typeof o.ani !== "string") throw invalid("createCall", "ani", "a string", o.ani);
  if (typeof o.dnis !== "string" || o.dnis === "")
    throw invalid("createCall", "dnis", "a non-empty string", o.dnis);
  if (o.callData !== undefined) {
    if (!Array.isArray(o.callData))
      throw invalid("createCall", "callData", "an array of {key, value}", o.callData);
    o.callData.forEach((d, n) => {
      const item = d as Record<string, unknown> | null;
      if (typeof item?.key !== "string" || item.key === "")
        throw invalid("createCall", `callData[${n}].key`, "a non-empty string", item?.key);
      if (typeof item.value !== "string")
        throw invalid("createCall", `callData[${n}].value`, "a string", item.value);
    });
  }
  return o as unknown as CreateCallInput;
}

function validateTimings(t: SimTimings): void {
  for (const [k, v] of Object.entries(t)) {
    if (!(k in defaultTimings)) {
      throw new KitError(
        "CTIPSKIT_E_CONFIG_INVALID",
        `${k} is not a simulator timing (${Object.keys(defaultTimings).join(", ")})`,
        {
          details: { field: k },
        },
      );
    }
    if (k === "routeTimeoutMs" && v === null) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new KitError(
        "CTIPSKIT_E_CONFIG_INVALID",
        `simulator timing ${k} must be a non-negative number of ms, got ${String(v)}`,
        {
          details: { field: k },
        },
      );
    }
  }
}

export function createSimulator(opts: SimulatorOptions = {}): Simulator {
  const topology = loadTopology(opts.topology ?? defaultTopology);
  const timings: SimTimings = { ...defaultTimings, ...opts.timings };
  validateTimings(timings);
  const logger = opts.logger ?? silentLogger;
  const w = new World(topology, timings, opts.clock ?? realClock, logger, opts.audience);
  let closed = false;

  const assertOpen = (what: string): void => {
    if (closed) throw new KitError("CTIPSKIT_E_ILLEGAL_STATE", `${what}: the simulator is closed`);
  };

  const control: SimControl = {
    createCall(i) {
      assertOpen("createCall");
      return createCall(w, validateCreateCall(i));
    },
    hangup(callId) {
      assertOpen("hangup");
      if (!isInt(callId)) throw invalid("hangup", "callId", "an integer", callId);
      hangup(w, callId);
    },
    answer(loginName) {
      assertOpen("answer");
      if (typeof loginName !== "string" || loginName === "")
        throw invalid("answer", "loginName", "a non-empty string", loginName);
      answerAtPhone(w, loginName);
    },
    setLink(component, state) {
      assertOpen("setLink");
      if (component !== "Gateway" && component !== "CenterCord")
        throw invalid("setLink", "component", '"Gateway" or "CenterCord"', component);
      if (state !== "up" && state !== "down") throw invalid("setLink", "state", '"up" or "down"', state);
      w.links[component] = state;
      // "TenantId: Set to 0" @see EDK 4-28
      w.emit(
        "CTILinkStatus",
        { TenantId: 0, ComponentType: component, ComponentState: state === "up" ? "Up" : "Down" },
        null,
      );
    },
    setGatewayPasscode(required) {
      assertOpen("setGatewayPasscode");
      if (typeof required !== "boolean")
        throw invalid("setGatewayPasscode", "required", "a boolean", required);
      w.bypassPasscode = !required;
    },
    setServiceState(serviceId, state) {
      assertOpen("setServiceState");
      if (!isInt(serviceId)) throw invalid("setServiceState", "serviceId", "an integer", serviceId);
      const names = contract().enumInfo("CTIServiceState").names;
      if (!names.includes(state))
        throw invalid("setServiceState", "state", `one of ${names.join(", ")}`, state);
      const svc = w.services.get(serviceId);
      if (!svc)
        throw new KitError("CTIPSKIT_E_NOT_FOUND", `setServiceState: no service ${serviceId}`, {
          details: { field: "serviceId" },
        });
      svc.state = state;
      const staff = [...w.agents.values()].filter(
        (a) => a.login === "LoggedIn" && a.cfg.services.includes(serviceId),
      );
      w.emit(
        "CTIServiceStateChange",
        { ServiceId: serviceId, ServiceState: state, AgentIdList: staff.map((a) => a.cfg.agentId) },
        null,
      );
      if (state === "Active" && svc.queue.length > 0) scheduleDistribution(w, svc);
    },
    reset() {
      assertOpen("reset");
      w.reset();
    },
    state() {
      return {
        links: { ...w.links },
        agents: [...w.agents.values()].map((a) => ({
          agentId: a.cfg.agentId,
          loginName: a.cfg.loginName,
          login: a.login,
          state: a.login === "LoggedIn" ? a.state : null,
          station: a.station,
          multiLine: a.multiLine,
          calls: w.legsOf(a.cfg.agentId).map((l) => ({ callId: l.call.callId, party: l.party.state })),
          wrapCalls: [...a.wrapCalls],
          pendingLogout: a.pendingLogout,
        })),
        calls: [...w.calls.values()].map((c) => ({
          callId: c.callId,
          phase: c.phase,
          callState: c.callState,
          callType: c.callType,
          serviceId: c.serviceId,
          ani: c.ani,
          dnis: c.dnis,
          parties: c.parties.map((p) =>
            p.kind === "agent"
              ? { agentId: p.agentId, state: p.state }
              : { [p.role]: p.address, state: p.state },
          ),
          consultOf: c.consultOf,
          consultation: c.consultation,
          wrapPending: [...c.wrapPending],
          callData: c.callData.map((d) => ({ ...d })),
        })),
        services: [...w.services.values()].map((s) => ({
          serviceId: s.cfg.serviceId,
          name: s.cfg.name,
          state: s.state,
          externalRouting: s.cfg.externalRouting,
          queue: [...s.queue],
        })),
      };
    },
  };

  return {
    handle(operation, args, ctx) {
      const handler = OPERATIONS[operation];
      if (!handler) {
        throw new KitError("CTIPSKIT_E_UNKNOWN_OPERATION", `the simulator does not handle ${operation}`, {
          fix: `the session layer answers session operations; the simulator takes ${SIMULATOR_OPERATIONS.join(", ")}`,
        });
      }
      assertOpen(operation);
      const requestId = args.RequestId as number;
      logger.debug("simulator request", { operation, sessionId: ctx.sessionId, requestId });
      try {
        if (w.links.CenterCord === "down") throw new Fault("RequestFailed", "the CenterCord link is down");
        if (args.TenantId !== topology.tenantId) {
          throw new Fault(
            "InvalidTenantId",
            `TenantId ${String(args.TenantId)} is not this system's tenant ${topology.tenantId}`,
          );
        }
        if (operation === "RouteSelect" && ctx.refuseRoute)
          refuseRoute(w, args, { sessionId: ctx.sessionId, requestId }, ctx.refuseRoute);
        else handler(w, args, { sessionId: ctx.sessionId, requestId });
        return { ok: true };
      } catch (err) {
        if (!(err instanceof Fault)) throw err;
        logger.debug("simulator request faulted", {
          operation,
          requestId,
          code: err.code,
          message: err.message,
        });
        return { ok: false, fault: { code: err.code, message: err.message } };
      }
    },
    onEvent: (listener) => w.onEvent(listener),
    snapshot() {
      const media = mediaFields(w);
      const agents = [...w.agents.values()]
        .filter((a) => a.login === "LoggedIn")
        .map((a) => {
          const leg = w.legsOf(a.cfg.agentId)[0];
          return fill("CTISnapShotAgentData", {
            AgentId: a.cfg.agentId,
            AgentLoginName: a.cfg.loginName,
            AgentCapabilities: [...a.cfg.capabilities],
            AgentWorkGroupId: a.cfg.workGroupId,
            CallId: leg?.call.callId ?? 0,
            ...stationFields(w, a),
            SwitchId: topology.switchId,
            AgentState: a.state,
            Services: serviceInfos(w, a),
            ...media,
            AgentStationAddress: a.station,
          });
        });
      const calls = [...w.calls.values()]
        .filter((c) => c.phase !== "ended")
        .map((c) =>
          fill("CTISnapShotCallData", {
            CallId: c.callId,
            CallSequenceId: c.seq,
            CallOriginatingSiteId: topology.siteId,
            ...w.trunkFields(c),
            SwitchId: topology.switchId,
            ServiceId: c.serviceId,
            DestType: c.destType,
            Destination: c.destination,
            CallState: c.callState,
            ANI: c.ani,
            DNIS: c.dnis,
            CallType: c.callType,
            AgentId: c.parties.find((p): p is AgentParty => p.kind === "agent")?.agentId ?? 0,
            ...media,
          }),
        );
      const services = [...w.services.values()].map((s) =>
        fill("CTISnapShotServiceData", {
          ServiceId: s.cfg.serviceId,
          ServiceState: s.state,
          ExternalRoutingEnabled: s.cfg.externalRouting,
        }),
      );
      return { agents, calls, services };
    },
    control,
    close() {
      closed = true;
      w.cancelAll();
    },
  };
}
