import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contract, loadContract } from "../../src/contract/index.ts";
import { SCHEMAS_DIR } from "../../src/contract/schemas.ts";
import { parseWireContract } from "../../tools/wire-contract-parser.ts";

const c = contract();
const schemaFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? schemaFiles(join(dir, e.name))
      : e.name.endsWith(".schema.json")
        ? [join(dir, e.name)]
        : [],
  );
const wireContract = join(import.meta.dirname, "..", "..", "..", "shared", "spec", "wire-contract.md");
if (!existsSync(wireContract)) {
  console.warn(
    `skipping the wire-contract.md comparison: ${wireContract} is not there (shared/ sits beside the repo in CI)`,
  );
}

describe("schemas/", () => {
  it("compiles every schema with ajv in strict mode", () => {
    for (const s of c.schemas) expect(c.ajv.getSchema(s.$id), s.$id).toBeTypeOf("function");
  });

  it("holds 26 enums, 31 concrete event types, 27 server and 3 callback operations", () => {
    const events = [...c.types.values()].filter(
      (t) => t.kind === "event" && t.eventType && t.name !== "CTIFilter",
    );
    expect(c.enums.size).toBe(26);
    expect(events).toHaveLength(31);
    expect([...c.operations.values()].filter((o) => o.service === "server")).toHaveLength(27);
    expect([...c.operations.values()].filter((o) => o.service === "callback")).toHaveLength(3);
  });

  it("gives each enum the numeric values written in its schema file, in the order of its names", () => {
    for (const file of schemaFiles(SCHEMAS_DIR)) {
      const raw = JSON.parse(readFileSync(file, "utf8"));
      if (raw.ctips?.kind !== "enum") continue;
      const info = c.enumInfo(raw.ctips.name);
      expect(info.values, file).toEqual(raw.ctips.values);
      expect(Object.keys(raw.ctips.values), file).toEqual(raw.enum);
      expect(new Set(Object.values(info.values)).size, `${file}: numeric values are unique`).toBe(
        raw.enum.length,
      );
    }
  });

  it.skipIf(!existsSync(wireContract))(
    "agrees with every class, member order and enum value of wire-contract.md",
    () => {
      const defs = parseWireContract(readFileSync(wireContract, "utf8"));
      expect(defs.length).toBeGreaterThan(90);
      for (const d of defs) {
        if (d.kind === "enum")
          expect(c.enumInfo(d.name).values, d.name).toEqual(Object.fromEntries(d.values));
        else {
          const t = c.type(d.name);
          expect(
            t.ownMembers.map((m) => [m.name, m.typeText, m.required]),
            d.name,
          ).toEqual(d.members.map((m) => [m.name, m.type, m.required]));
          expect(t.base, d.name).toBe(d.base);
        }
      }
    },
  );

  it("rejects a value that breaks its schema (validation can fail)", () => {
    expect(c.validate("CTIServiceInfo", { ServiceId: 1, ServiceState: "Active" })).toEqual([]);
    expect(c.validate("CTIServiceInfo", { ServiceId: 1.5, ServiceState: "Nope", Extra: 1 }).length).toBe(3);
    expect(c.validate("CTICallHeld", { EventCategory: "EventCategoryCall" }).length).toBeGreaterThan(0);
  });

  it("refuses an unknown key in a ctips annotation", () => {
    expect(() => loadContract(join(import.meta.dirname, "fixtures", "bad-annotation"))).toThrow(/ctips/);
  });
});
