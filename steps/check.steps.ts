/** Steps that judge the scenario's whole recording with the kit's checks (src/checks). */
import { Then } from "@cucumber/cucumber";
import { CATALOGUE, runCatalogue } from "../src/checks/index.ts";
import { step } from "./support.ts";
import type { CtipsWorld } from "./world.ts";

Then(
  "the recording passes the {word} checks",
  step(function (this: CtipsWorld, area: string) {
    const only = CATALOGUE.filter((e) => e.area === area && e.judges !== "client").map((e) => e.check.name);
    if (!only.length)
      throw new Error(
        `no checks in area '${area}' (areas: ${[...new Set(CATALOGUE.map((e) => e.area))].join(", ")})`,
      );
    // Strict mode (the default): a message that needed the tolerant reader fails the scenario.
    const strict = this.parameters.strict !== false;
    const findings = runCatalogue(this.timeline, {
      only,
      params: { entriesCarryNoToleratedDeviations: { profile: this.parameters.target.profile } },
      bindings: strict
        ? { entriesCarryNoToleratedDeviations: { severity: "failure", clause: "WIRE data contracts" } }
        : undefined,
    });
    const failed = findings.filter((f) => f.outcome === "fail" && f.severity === "failure");
    const warnings = findings.filter((f) => f.outcome === "fail" && f.severity !== "failure");
    if (warnings.length)
      this.attach(warnings.map((f) => `${f.check} [${f.clause}] ${f.message}`).join("\n"), "text/plain");
    if (failed.length)
      throw new Error(
        failed
          .map((f) => `${f.check} [${f.clause}]: ${f.message} (evidence #${f.evidence.join(", #")})`)
          .join("\n"),
      );
  }),
);
