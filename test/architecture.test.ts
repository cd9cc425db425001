/**
 * The design's rules that a linter would otherwise have to know: only src/cli/ prints or
 * exits, each part imports only the parts below it (design.md, "Parts"), and the
 * simulator's modules import one another in one direction only (no cycle).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const src = join(root, "src");
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );

/** part → the parts it may import (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  contract: [],
  timeline: ["contract"],
  checks: ["contract", "timeline"],
  "mock-ctips": ["contract", "timeline"],
  "mock-client": ["contract", "timeline"],
  /** The report's pictures: pure functions of a timeline, the checks' index and flow matches. */
  report: ["contract", "timeline", "checks"],
  cli: ["contract", "timeline", "checks", "mock-ctips", "mock-client", "runner", "report"],
  runner: ["contract", "timeline", "checks", "mock-ctips", "mock-client", "report"],
};

const stripComments = (code: string) =>
  code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");

function violations(file: string, code: string): string[] {
  const rel = relative(src, file);
  const part = rel.split("/")[0];
  const out: string[] = [];
  const body = stripComments(code);
  if (part !== "cli") {
    if (/\bconsole\.(log|info|warn|error|debug|trace)\b/.test(body))
      out.push(`${rel}: uses console (only src/cli/ prints)`);
    if (/\bprocess\.exit\b/.test(body)) out.push(`${rel}: calls process.exit (only src/cli/ exits)`);
  }
  for (const m of body.matchAll(/from\s+"(\.\.?\/[^"]+)"/g)) {
    const target = relative(src, join(file, "..", m[1])).split("/")[0];
    if (target !== part && !(MAY_IMPORT[part] ?? []).includes(target))
      out.push(`${rel}: imports ${target} (${part} may import ${MAY_IMPORT[part]?.join(", ") || "nothing"})`);
  }
  return out;
}

/** The modules of one folder (file name → code) → the same-folder modules each imports. */
function importGraph(modules: Record<string, string>): Map<string, string[]> {
  const imported = (code: string) =>
    [...stripComments(code).matchAll(/from\s+"\.\/([^"/]+)"/g)].map((m) => m[1]).filter((t) => t in modules);
  return new Map(Object.entries(modules).map(([name, code]) => [name, imported(code)]));
}

/** The first import cycle found, as `a.ts → b.ts → a.ts`; null when the imports form no cycle. */
function importCycle(modules: Record<string, string>): string | null {
  const graph = importGraph(modules);
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): string | null => {
    const at = path.indexOf(name);
    if (at >= 0) return [...path.slice(at), name].join(" → ");
    if (done.has(name)) return null;
    path.push(name);
    for (const next of graph.get(name) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(name);
    return null;
  };
  for (const name of [...graph.keys()].sort()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return null;
}

const simulatorDir = join(src, "mock-ctips", "simulator");

describe("the architecture", () => {
  it("keeps console and process.exit in src/cli/ and imports pointing down", () => {
    const all = files(src).flatMap((f) => violations(f, readFileSync(f, "utf8")));
    expect(all).toEqual([]);
  });

  it("would notice a library that prints, exits or imports upwards", () => {
    const f = join(src, "checks", "x.ts");
    expect(
      violations(f, `import { a } from "../mock-ctips/y.ts";\nconsole.log(1);\nprocess.exit(2);`),
    ).toHaveLength(3);
    expect(violations(join(src, "cli", "x.ts"), `console.log(1); process.exit(0);`)).toEqual([]);
  });

  it("keeps the simulator's modules importing one another in one direction (no cycle)", () => {
    const modules = Object.fromEntries(
      readdirSync(simulatorDir)
        .filter((f) => f.endsWith(".ts"))
        .map((f) => [f, readFileSync(join(simulatorDir, f), "utf8")]),
    );
    expect(Object.keys(modules).length).toBeGreaterThan(5);
    expect(importCycle(modules)).toBeNull();
  });

  it("would notice an import cycle, direct or through other modules, and not one in a comment", () => {
    const world = `export class World {}`;
    expect(
      importCycle({
        "agents.ts": `import { a } from "./calls.ts";\nimport type { W } from "./world.ts";`,
        "calls.ts": `import { b } from "./routing.ts";`,
        "routing.ts": `import { c } from "./agents.ts";`,
        "world.ts": world,
      }),
    ).toBe("agents.ts → calls.ts → routing.ts → agents.ts");
    expect(
      importCycle({ "a.ts": `export { x } from "./b.ts";`, "b.ts": `import type { Y } from "./a.ts";` }),
    ).toBe("a.ts → b.ts → a.ts");
    expect(
      importCycle({
        "agents.ts": `import { a } from "./calls.ts";\n// calls.ts must not import from "./agents.ts"`,
        "calls.ts": `import { w } from "./world.ts";\nimport { x } from "../other/agents.ts";`,
        "world.ts": world,
      }),
    ).toBeNull();
  });
});
