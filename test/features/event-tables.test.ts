/**
 * The field tables of features/events/ are the guide's event tables as data: each
 * "the X event has the fields:" table must list every member of X's wire type, in wire
 * order, with the type the schema gives it (schemas/events/*.schema.json), so a table and
 * the contract can never drift apart. @see EDK 4-2
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from "@cucumber/gherkin";
import { type GherkinDocument, IdGenerator, type Step } from "@cucumber/messages";
import { describe, expect, it } from "vitest";
import { contract, type TypeInfo } from "../../src/contract/schemas.ts";

const EVENTS_DIR = join(import.meta.dirname, "..", "..", "features", "events");

interface FieldTable {
  /** Where the table is: `File.feature:line`. */
  at: string;
  /** The X of "the X event has the fields:" (an EventType or a wire type name). */
  event: string;
  header: string[];
  rows: { field: string; type: string; rule: string }[];
}

function parse(text: string, uri: string): GherkinDocument {
  const parser = new Parser(new AstBuilder(IdGenerator.uuid()), new GherkinClassicTokenMatcher());
  return { ...parser.parse(text), uri };
}

/** Every field table of a document: in its background, scenarios and rules. */
function fieldTables(doc: GherkinDocument): FieldTable[] {
  const steps: Step[] = [];
  const visit = (children: NonNullable<GherkinDocument["feature"]>["children"]) => {
    for (const child of children) {
      if (child.background) steps.push(...child.background.steps);
      if (child.scenario) steps.push(...child.scenario.steps);
      if (child.rule) visit(child.rule.children);
    }
  };
  visit(doc.feature?.children ?? []);
  const tables: FieldTable[] = [];
  for (const s of steps) {
    const m = /^the (\w+) event has the fields:$/.exec(s.text.trim());
    if (!m) continue;
    const [header = [], ...rows] = (s.dataTable?.rows ?? []).map((r) => r.cells.map((c) => c.value.trim()));
    tables.push({
      at: `${doc.uri}:${s.location.line}`,
      event: m[1],
      header,
      rows: rows.map(([field = "", type = "", rule = ""]) => ({ field, type, rule })),
    });
  }
  return tables;
}

/** The rule grammar of the "has the fields" step (steps/world/field-table.ts, checkFieldRule). */
const RULE = /^(any|non-empty|(=|≠|!=|>=|>|<=|<|one of)\s*\S.*)$/;

/**
 * What is wrong with a table against the contract: each problem a sentence naming the
 * field. Empty when the field column is the wire type's member list in order, the type
 * column each member's typeText, and every rule is one the step understands.
 */
function tableProblems(t: FieldTable): string[] {
  const info = contract().eventInfo(t.event);
  if (!info) return [`${t.at}: ${t.event} is not an event type of the contract`];
  const problems: string[] = [];
  if (!["field|wire type|rule", "field|wire type|rule|reading"].includes(t.header.join("|").toLowerCase()))
    problems.push(
      `the header is | ${t.header.join(" | ")} |, expected | field | wire type | rule | (and optionally | reading |)`,
    );
  const fields = t.rows.map((r) => r.field);
  const members = info.members.map((m) => m.name);
  for (const m of info.members)
    if (!fields.includes(m.name)) problems.push(`${m.name} (${m.typeText}) is missing`);
  for (const f of fields) {
    if (!members.includes(f)) problems.push(`${f} is not a member of ${info.name}`);
    else if (fields.indexOf(f) !== fields.lastIndexOf(f)) problems.push(`${f} is listed twice`);
  }
  if (!problems.length && fields.join() !== members.join())
    problems.push(`the fields are not in wire order: ${fields.join(", ")}; the wire: ${members.join(", ")}`);
  for (const r of t.rows) {
    const member = info.members.find((m) => m.name === r.field);
    if (member && r.type !== member.typeText)
      problems.push(`${r.field} is typed ${r.type}, the contract says ${member.typeText}`);
    if (!RULE.test(r.rule))
      problems.push(`${r.field} has the rule '${r.rule}', which the step does not understand`);
  }
  return problems.map((p) => `${t.at}: ${p}`);
}

/** The 31 concrete event types published on the wire (CTIEvent and CTIFilter are bases). */
function concreteEventTypes(): TypeInfo[] {
  return [...contract().types.values()].filter(
    (t) => t.kind === "event" && !t.abstract && t.eventType && t.name !== "CTIFilter",
  );
}

/** The feature file of an event type: named after the guide's event name (RouteRejected). */
const fileOf = (t: TypeInfo) => `${t.guideName ?? t.eventType}.feature`;

const files = readdirSync(EVENTS_DIR).filter((f) => f.endsWith(".feature"));
const docs = new Map(files.map((f) => [f, parse(readFileSync(join(EVENTS_DIR, f), "utf8"), f)]));

describe("the event features' field tables", () => {
  it("exist for every one of the 31 concrete wire event types, one file each, named after the guide's event name", () => {
    const types = concreteEventTypes();
    expect(types).toHaveLength(31);
    expect([...files].sort()).toEqual(types.map(fileOf).sort());
  });

  it.each(concreteEventTypes().map((t) => [fileOf(t), t] as const))(
    "%s is tagged with its EventType and its schema's guide clause",
    (file, t) => {
      const tags = docs.get(file)?.feature?.tags.map((x) => x.name) ?? [];
      expect(tags).toContain(`@event:${t.eventType}`);
      expect(tags).toContain(`@${(t.clause ?? "").replace(" ", "-")}`);
    },
  );

  it.each(concreteEventTypes().map((t) => [fileOf(t), t] as const))(
    "%s checks every field of its own event type at least once",
    (file, t) => {
      const own = fieldTables(docs.get(file) as GherkinDocument).filter(
        (x) => contract().eventInfo(x.event)?.name === t.name,
      );
      expect(own.length).toBeGreaterThan(0);
    },
  );

  it.each(files)("%s lists every wire member in wire order with its wire type", (file) => {
    const tables = fieldTables(docs.get(file) as GherkinDocument);
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.flatMap(tableProblems)).toEqual([]);
  });
});

describe("the table comparison", () => {
  const feature = (rows: string) =>
    fieldTables(
      parse(
        `@event:CallHeld
Feature: f
  Scenario: s
    Then the CallHeld event has the fields:
      | field                 | wire type        | rule                |
${rows}`,
        "Mem.feature",
      ),
    );
  const ROWS = [
    "| EventCategory         | CTIEventCategory | = EventCategoryCall |",
    "| EventType             | CTIEventType     | = CallHeld          |",
    "| SiteId                | int              | > 0                 |",
    "| TenantId              | int              | = $tenant           |",
    "| RequestId             | int              | = $r                |",
    "| SwitchId              | int              | any                 |",
    "| ServiceId             | int              | any                 |",
    "| AgentId               | int              | = agent A's id      |",
    "| CallId                | int              | = $call             |",
    "| CallSequenceId        | long             | > 0                 |",
    "| CallOriginatingSiteId | int              | > 0                 |",
  ];
  const text = (rows: string[]) => rows.map((r) => `      ${r}`).join("\n");

  it("accepts a table that is the wire type's member list", () => {
    expect(feature(text(ROWS)).flatMap(tableProblems)).toEqual([]);
  });

  it("fails a table with a missing field, naming it and its type", () => {
    const problems = feature(text(ROWS.filter((r) => !r.startsWith("| SiteId")))).flatMap(tableProblems);
    expect(problems).toEqual(["Mem.feature:4: SiteId (int) is missing"]);
  });

  it("fails a table with a misspelled field, naming both spellings", () => {
    const problems = feature(text(ROWS.map((r) => r.replace("| CallId ", "| CallID ")))).flatMap(
      tableProblems,
    );
    expect(problems).toContain("Mem.feature:4: CallId (int) is missing");
    expect(problems).toContain("Mem.feature:4: CallID is not a member of CTICallHeld");
  });

  it("fails a table whose fields are out of wire order", () => {
    const swapped = [ROWS[0], ROWS[1], ROWS[4], ROWS[3], ROWS[2], ...ROWS.slice(5)];
    const problems = feature(text(swapped)).flatMap(tableProblems);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/not in wire order: EventCategory, EventType, RequestId, TenantId, SiteId/);
  });

  it("fails a table whose wire type differs from the schema's", () => {
    const problems = feature(text(ROWS.map((r) => r.replace("| long ", "| int  ")))).flatMap(tableProblems);
    expect(problems).toEqual(["Mem.feature:4: CallSequenceId is typed int, the contract says long"]);
  });

  it("fails a row without a rule and a table of an event type the contract lacks", () => {
    const noRule = feature(text(ROWS.map((r) => r.replace("| any ", "|     ")))).flatMap(tableProblems);
    expect(noRule).toContain("Mem.feature:4: SwitchId has the rule '', which the step does not understand");
    const unknown = fieldTables(
      parse(
        "Feature: f\n  Scenario: s\n    Then the CallVanished event has the fields:\n      | field | wire type | rule |\n",
        "U.feature",
      ),
    );
    expect(unknown.flatMap(tableProblems)).toEqual([
      "U.feature:3: CallVanished is not an event type of the contract",
    ]);
  });
});
