/** The topology: the embedded default, and two-stage validation (schema, then cross-field rules). */
import { describe, expect, it } from "vitest";
import { isKitError } from "../../src/contract/errors.ts";
import { createSimulator } from "../../src/mock-ctips/simulator/simulator.ts";
import { defaultTopology, loadTopology, type Topology } from "../../src/mock-ctips/simulator/topology.ts";

function problemsOf(value: unknown): string[] {
  try {
    loadTopology(value);
  } catch (err) {
    if (isKitError(err, "CTIPSKIT_E_CONFIG_INVALID")) return err.details?.problems as string[];
    throw err;
  }
  return [];
}

describe("defaultTopology", () => {
  it("is valid and has tenant 1, site 1, switch 1 and agents 1001–1004 (agent1…agent4 at 4001…4004)", () => {
    expect(problemsOf(defaultTopology)).toEqual([]);
    expect(defaultTopology).toMatchObject({ tenantId: 1, siteId: 1, switchId: 1 });
    expect(defaultTopology.agents.map((a) => [a.agentId, a.loginName, a.station])).toEqual([
      [1001, "agent1", "4001"],
      [1002, "agent2", "4002"],
      [1003, "agent3", "4003"],
      [1004, "agent4", "4004"],
    ]);
  });

  it("has Sales, Support, an unmanned service rerouting to Sales and an externally routed one (5 s, default Sales)", () => {
    expect(defaultTopology.services).toEqual([
      expect.objectContaining({ serviceId: 100, name: "Sales", state: "Active", externalRouting: false }),
      expect.objectContaining({ serviceId: 200, name: "Support", state: "Active", externalRouting: false }),
      expect.objectContaining({ serviceId: 300, state: "UnManned", unmanned: true, rerouteServiceId: 100 }),
      expect.objectContaining({
        serviceId: 400,
        externalRouting: true,
        routeTimeoutMs: 5_000,
        rerouteServiceId: 100,
      }),
    ]);
    expect(defaultTopology.dispositions.length).toBeGreaterThan(0);
    expect(defaultTopology.rejectReasons.length).toBeGreaterThan(0);
  });
});

describe("loadTopology", () => {
  it("reports every schema problem at once", () => {
    const bad = {
      ...defaultTopology,
      tenantId: 0,
      agents: [{ ...defaultTopology.agents[0], capabilities: ["Wizard"] }],
      services: undefined,
    };
    const problems = problemsOf(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("/tenantId"),
        expect.stringContaining("/agents/0/capabilities/0"),
        expect.stringContaining("services"),
      ]),
    );
  });

  it("reports cross-field problems naming the field", () => {
    const bad: Topology = {
      ...defaultTopology,
      agents: [
        { ...defaultTopology.agents[0], services: [100, 999] },
        { ...defaultTopology.agents[1], loginName: "agent1", station: "9999" },
      ],
      services: [
        { serviceId: 100, name: "Sales", state: "Active", externalRouting: false, rerouteServiceId: 555 },
        { serviceId: 300, name: "U", state: "Active", externalRouting: false, unmanned: true },
        { serviceId: 400, name: "X", state: "Active", externalRouting: true },
      ],
    };
    expect(problemsOf(bad)).toEqual([
      "agents: loginName agent1 is used twice",
      "agents[0].services[1] 999 is not a configured service",
      "agents[1].station 9999 is not in stations",
      "agents[1].services[1] 200 is not a configured service",
      "services[0].rerouteServiceId 555 is not a configured service",
      "services[1].unmanned is true but state is Active",
      "services[2].routeTimeoutMs is required when externalRouting is true",
    ]);
  });

  it("makes createSimulator throw CTIPSKIT_E_CONFIG_INVALID, as do unknown or negative timings", () => {
    expect(() => createSimulator({ topology: { ...defaultTopology, stations: [] } })).toThrow(
      /station 4001 is not in stations/,
    );
    expect(() => createSimulator({ timings: { ringMs: 1 } as never })).toThrow(
      /ringMs is not a simulator timing/,
    );
    expect(() => createSimulator({ timings: { distributeMs: -1 } })).toThrow(/distributeMs/);
  });
});
