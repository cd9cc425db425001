/** Steps that judge the scenario's whole recording with the kit's checks (src/checks). */
import { Then } from "@cucumber/cucumber";
import { CATALOGUE, type Finding, runCatalogue } from "../src/checks/index.ts";
import { step } from "./support.ts";
import type { CtipsWorld } from "./world.ts";

/**
 * Runs an area's server-side checks over the scenario's recording. A failing check that
 * is the kit's reading (docs/readings.md) warns; a normative one fails the step. Strict
 * mode (the default) also fails on deviations the tolerant reader accepted.
 */
function judgeArea(world: CtipsWorld, area: string, except?: string): void {
  const inArea = CATALOGUE.filter((e) => e.area === area && e.judges !== "client");
  if (!inArea.length)
    throw new Error(
      `no checks in area '${area}' (areas: ${[...new Set(CATALOGUE.map((e) => e.area))].join(", ")})`,
    );
  if (except && !inArea.some((e) => e.check.name === except))
    throw new Error(`${except} is not a ${area} check (${inArea.map((e) => e.check.name).join(", ")})`);
  const strict = world.parameters.strict !== false;
  const findings = runCatalogue(world.timeline, {
    only: inArea.map((e) => e.check.name).filter((n) => n !== except),
    params: { entriesCarryNoToleratedDeviations: { profile: world.parameters.target.profile } },
    bindings: strict
      ? { entriesCarryNoToleratedDeviations: { severity: "failure", clause: "WIRE data contracts" } }
      : undefined,
  });
  const readingOf = new Map(inArea.map((e) => [e.check.name, e.reading]));
  const line = (f: Finding) => `${f.check} [${f.clause}]: ${f.message} (evidence #${f.evidence.join(", #")})`;
  const failing = findings.filter((f) => f.outcome === "fail");
  // A check bound as a warning is information whoever's fact it states; a failing reading warns.
  for (const f of failing) {
    const reading = readingOf.get(f.check);
    if (reading && f.severity === "failure") world.readingNotHeld(reading, line(f));
  }
  const failed = failing.filter((f) => !readingOf.get(f.check) && f.severity === "failure");
  const warnings = failing.filter((f) => f.severity !== "failure");
  if (warnings.length) world.attach(warnings.map(line).join("\n"), "text/plain");
  if (failed.length) throw new Error(failed.map(line).join("\n"));
}

Then(
  "the recording passes the {word} checks",
  step(function (this: CtipsWorld, area: string) {
    judgeArea(this, area);
  }),
);

/**
 * An area's checks but one: for a check that contradicts what the scenario shows of the
 * guide (the feature says why, in a comment), so the rest of the area still judges.
 */
Then(
  "the recording passes the {word} checks except {word}",
  step(function (this: CtipsWorld, area: string, except: string) {
    judgeArea(this, area, except);
  }),
);
