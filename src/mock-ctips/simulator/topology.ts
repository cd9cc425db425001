/**
 * The configured contact center: tenant, site, switch, stations, agents, services,
 * dispositions, reject reasons and default call data. Validated in two stages (style #11):
 * the JSON Schema (all errors at once), then cross-field rules. See docs/topology.md.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { KitError } from "../../contract/errors.ts";
import { ajvProblems, contract } from "../../contract/schemas.ts";

export interface AgentConfig {
  agentId: number;
  loginName: string;
  /** The agent's own station (phone address); LoginAgent with an empty StationId uses it. */
  station: string;
  /** CTIAgentCapabilities names. */
  capabilities: string[];
  workGroupId: number;
  /** Services the agent takes calls for, in preference order; the first is the agent's home service. */
  services: number[];
  mailbox?: string;
  /** AgentCTIId, the static id of AgentLoginStateChange; defaults to agentId. */
  ctiId?: number;
  /** CallConnected.ResponseRequired: the client must AcceptCall (or reject) the call. Default true. */
  responseRequired?: boolean;
  /** CallConnected.RejectReasonRequired. Default false. */
  rejectReasonRequired?: boolean;
  /** CallConnected.PlayAudioAlert. Default true. */
  playAudioAlert?: boolean;
  /** The phone answers a ringing call by itself after this many ms (for load); absent = never. */
  autoAnswerMs?: number;
}

export interface ServiceConfig {
  serviceId: number;
  name: string;
  /** Initial CTIServiceState name. */
  state: string;
  /** Calls reaching the service are offered to route-subscribed clients (RouteRequest). */
  externalRouting: boolean;
  /** Where calls go when the service cannot take them (unmanned, inactive) or when external routing times out. */
  rerouteServiceId?: number;
  /** RouteRequest → default routing, ms (RouteRequest.RouteTimeout carries it in seconds). */
  routeTimeoutMs?: number;
  /** Shorthand for `state: "UnManned"`: no agents staff the service; calls are rerouted. */
  unmanned?: boolean;
}

export interface Topology {
  tenantId: number;
  siteId: number;
  switchId: number;
  /** CTIMediaType of the stations: VoiceAnalog or VoiceSip. */
  mediaType: "VoiceAnalog" | "VoiceSip";
  /** SIP address of the media gateway, used only when mediaType is VoiceSip. */
  sip?: { ipAddress: string; port: number };
  /** The inbound trunk group: ResourceGroupId/CircuitId of customer calls; channels are taken in turn. */
  trunk: { resourceGroupId: number; circuitId: number; channels: number };
  /** The Gateway's "Bypass 3-digit passcode" option; false ⇒ EnterPasscode during LoginAgent. @see EDK 4-7 */
  gateway: { bypassPasscode: boolean };
  /** Concurrent logins allowed; absent = one per agent. */
  agentLicenses?: number;
  /** Station addresses agents may log in at. */
  stations: string[];
  agents: AgentConfig[];
  services: ServiceConfig[];
  /** DispositionIds SetDisposition accepts. */
  dispositions: { id: number; name: string }[];
  /** RejectReasonCodes AcceptCall(false) accepts. */
  rejectReasons: { id: number; name: string }[];
  /** Call data attached to every inbound call, before the data given to createCall. */
  callData: { key: string; value: string }[];
}

const agentDefaults = { capabilities: ["StandardAgent"], workGroupId: 10 };

/** The embedded contact center of `ctips-kit mock`. */
export const defaultTopology: Topology = {
  tenantId: 1,
  siteId: 1,
  switchId: 1,
  mediaType: "VoiceAnalog",
  trunk: { resourceGroupId: 1, circuitId: 1, channels: 24 },
  gateway: { bypassPasscode: true },
  stations: ["4001", "4002", "4003", "4004", "4005", "4006"],
  agents: [
    { ...agentDefaults, agentId: 1001, loginName: "agent1", station: "4001", services: [100, 200] },
    { ...agentDefaults, agentId: 1002, loginName: "agent2", station: "4002", services: [100, 200] },
    { ...agentDefaults, agentId: 1003, loginName: "agent3", station: "4003", services: [200, 100] },
    {
      ...agentDefaults,
      agentId: 1004,
      loginName: "agent4",
      station: "4004",
      services: [200],
      capabilities: ["StandardAgent", "Director"],
      workGroupId: 20,
      rejectReasonRequired: true,
    },
  ],
  services: [
    { serviceId: 100, name: "Sales", state: "Active", externalRouting: false },
    { serviceId: 200, name: "Support", state: "Active", externalRouting: false },
    {
      serviceId: 300,
      name: "Unmanned",
      state: "UnManned",
      externalRouting: false,
      unmanned: true,
      rerouteServiceId: 100,
    },
    {
      serviceId: 400,
      name: "ExternallyRouted",
      state: "Active",
      externalRouting: true,
      routeTimeoutMs: 5_000, // 5 s
      rerouteServiceId: 100,
    },
  ],
  dispositions: [
    { id: 1, name: "Sale" },
    { id: 2, name: "No sale" },
    { id: 3, name: "Call back" },
  ],
  rejectReasons: [
    { id: 1, name: "Busy with other work" },
    { id: 2, name: "Wrong skill" },
  ],
  callData: [{ key: "Language", value: "en" }],
};

const idSchema = { type: "integer", minimum: 1, maximum: 2147483647 } as const;
const names = (e: string) => ({ enum: contract().enumInfo(e).names });

/** JSON Schema (2020-12) of a Topology. */
export const topologySchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://ctips-kit.local/schemas/mock/topology.schema.json",
  title: "Mock CTIPS topology",
  type: "object",
  required: [
    "tenantId",
    "siteId",
    "switchId",
    "mediaType",
    "trunk",
    "gateway",
    "stations",
    "agents",
    "services",
    "dispositions",
    "rejectReasons",
    "callData",
  ],
  additionalProperties: false,
  properties: {
    tenantId: idSchema,
    siteId: idSchema,
    switchId: idSchema,
    mediaType: { enum: ["VoiceAnalog", "VoiceSip"] },
    sip: {
      type: "object",
      required: ["ipAddress", "port"],
      additionalProperties: false,
      properties: {
        ipAddress: { type: "string", minLength: 1 },
        port: { type: "integer", minimum: 1, maximum: 65535 },
      },
    },
    trunk: {
      type: "object",
      required: ["resourceGroupId", "circuitId", "channels"],
      additionalProperties: false,
      properties: {
        resourceGroupId: idSchema,
        circuitId: idSchema,
        channels: { type: "integer", minimum: 1, maximum: 10000 },
      },
    },
    gateway: {
      type: "object",
      required: ["bypassPasscode"],
      additionalProperties: false,
      properties: { bypassPasscode: { type: "boolean" } },
    },
    agentLicenses: { type: "integer", minimum: 0 },
    stations: { type: "array", items: { type: "string", minLength: 1 } },
    agents: {
      type: "array",
      items: {
        type: "object",
        required: ["agentId", "loginName", "station", "capabilities", "workGroupId", "services"],
        additionalProperties: false,
        properties: {
          agentId: idSchema,
          loginName: { type: "string", minLength: 1 },
          station: { type: "string", minLength: 1 },
          capabilities: { type: "array", items: names("CTIAgentCapabilities") },
          workGroupId: idSchema,
          services: { type: "array", items: idSchema },
          mailbox: { type: "string" },
          ctiId: idSchema,
          responseRequired: { type: "boolean" },
          rejectReasonRequired: { type: "boolean" },
          playAudioAlert: { type: "boolean" },
          autoAnswerMs: { type: "integer", minimum: 0 },
        },
      },
    },
    services: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["serviceId", "name", "state", "externalRouting"],
        additionalProperties: false,
        properties: {
          serviceId: idSchema,
          name: { type: "string", minLength: 1 },
          state: names("CTIServiceState"),
          externalRouting: { type: "boolean" },
          rerouteServiceId: idSchema,
          routeTimeoutMs: { type: "integer", minimum: 1 },
          unmanned: { type: "boolean" },
        },
      },
    },
    dispositions: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "name"],
        additionalProperties: false,
        properties: { id: idSchema, name: { type: "string" } },
      },
    },
    rejectReasons: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "name"],
        additionalProperties: false,
        properties: { id: idSchema, name: { type: "string" } },
      },
    },
    callData: {
      type: "array",
      items: {
        type: "object",
        required: ["key", "value"],
        additionalProperties: false,
        properties: { key: { type: "string", minLength: 1 }, value: { type: "string" } },
      },
    },
  },
} as const;

let validator: ReturnType<Ajv2020["compile"]> | undefined;

function duplicates<T>(values: T[]): T[] {
  const seen = new Set<T>();
  return values.filter((v) => {
    const again = seen.has(v);
    seen.add(v);
    return again;
  });
}

/** Cross-field rules the schema cannot say; each message names the field. */
function crossFieldProblems(t: Topology): string[] {
  const problems: string[] = [];
  const serviceIds = new Set(t.services.map((s) => s.serviceId));
  const stations = new Set(t.stations);
  for (const d of duplicates(t.agents.map((a) => a.agentId)))
    problems.push(`agents: agentId ${d} is used twice`);
  for (const d of duplicates(t.agents.map((a) => a.loginName)))
    problems.push(`agents: loginName ${d} is used twice`);
  for (const d of duplicates(t.agents.map((a) => a.station)))
    problems.push(`agents: station ${d} is used twice`);
  for (const d of duplicates(t.services.map((s) => s.serviceId)))
    problems.push(`services: serviceId ${d} is used twice`);
  for (const d of duplicates(t.dispositions.map((x) => x.id)))
    problems.push(`dispositions: id ${d} is used twice`);
  for (const d of duplicates(t.rejectReasons.map((x) => x.id)))
    problems.push(`rejectReasons: id ${d} is used twice`);
  t.agents.forEach((a, i) => {
    if (!stations.has(a.station)) problems.push(`agents[${i}].station ${a.station} is not in stations`);
    a.services.forEach((s, j) => {
      if (!serviceIds.has(s)) problems.push(`agents[${i}].services[${j}] ${s} is not a configured service`);
    });
  });
  t.services.forEach((s, i) => {
    if (s.rerouteServiceId !== undefined && !serviceIds.has(s.rerouteServiceId)) {
      problems.push(`services[${i}].rerouteServiceId ${s.rerouteServiceId} is not a configured service`);
    }
    if (s.rerouteServiceId === s.serviceId)
      problems.push(`services[${i}].rerouteServiceId points at the service itself`);
    if (s.unmanned === true && s.state !== "UnManned")
      problems.push(`services[${i}].unmanned is true but state is ${s.state}`);
    if (s.externalRouting && s.routeTimeoutMs === undefined) {
      problems.push(`services[${i}].routeTimeoutMs is required when externalRouting is true`);
    }
  });
  if (t.mediaType === "VoiceSip" && t.sip === undefined)
    problems.push("sip is required when mediaType is VoiceSip");
  return problems;
}

/** Validates a topology (schema, then cross-field rules) and returns it; throws CTIPSKIT_E_CONFIG_INVALID listing every problem. */
export function loadTopology(value: unknown): Topology {
  validator ??= new Ajv2020({ allErrors: true, strict: true }).compile(topologySchema);
  if (!validator(value)) {
    const problems = ajvProblems(validator.errors, "(topology)");
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `topology is invalid: ${problems.join("; ")}`, {
      fix: "correct the listed fields (docs/topology.md describes each one)",
      details: { problems },
    });
  }
  const topology = value as Topology;
  const problems = crossFieldProblems(topology);
  if (problems.length > 0) {
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `topology is inconsistent: ${problems.join("; ")}`, {
      fix: "correct the listed fields (docs/topology.md describes each one)",
      details: { problems },
    });
  }
  return topology;
}
