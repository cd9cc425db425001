/**
 * The design's rules that a linter would otherwise have to know: only src/cli/ prints or
 * exits, and each part imports only the parts below it (design.md, "Parts").
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
  cli: ["contract", "timeline", "checks", "mock-ctips", "mock-client", "runner"],
  runner: ["contract", "timeline", "checks", "mock-ctips", "mock-client"],
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
});
