import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, KitError } from "../src/contract/errors.ts";

const doc = readFileSync(join(import.meta.dirname, "..", "docs", "errors.md"), "utf8");

describe("the error catalogue", () => {
  it("documents every code in docs/errors.md", () => {
    const missing = Object.keys(ERROR_CODES).filter((code) => !doc.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it("documents no code that does not exist", () => {
    const documented = [...doc.matchAll(/`(CTIPSKIT_E_[A-Z_]+)`/g)].map((m) => m[1]);
    expect(documented.filter((c) => !(c in ERROR_CODES))).toEqual([]);
  });

  it("carries its code, message and fix", () => {
    const e = new KitError("CTIPSKIT_E_USAGE", "unknown command 'x'", { fix: "run ctips-kit --help" });
    expect(String(e)).toBe("CTIPSKIT_E_USAGE: unknown command 'x' (run ctips-kit --help)");
  });
});
