/**
 * Contract coverage of the conformance features, read from the Gherkin itself: every
 * request, every event type, every field of every event's table and every flow must be
 * covered by at least one scenario. A full certification run fails below 100 %.
 * @see docs/certify.md ("Coverage")
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from "@cucumber/gherkin";
import { type GherkinDocument, IdGenerator } from "@cucumber/messages";
import { contract } from "../contract/schemas.ts";

/** The flows the suite must cover: chapter 2 is E-2; chapter 5's start-up and shut-down; Appendix E. */
export const REQUIRED_FLOWS = ["chapter-5", ...Array.from({ length: 12 }, (_, i) => `E-${i + 2}`)];

export interface CoverageItem {
  kind: "request" | "event" | "field" | "flow";
  name: string;
  scenarios: string[];
}

export interface Coverage {
  items: CoverageItem[];
  covered: number;
  total: number;
  percent: number;
  uncovered: CoverageItem[];
}

interface ScenarioInfo {
  id: string;
  tags: string[];
  /** Members listed in "the X event has the fields:" tables: event type → fields. */
  fieldTables: { event: string; fields: string[] }[];
  /** Readings its steps assert: `reading:<id>` cells of field tables, flow tables' `reading` column. */
  stepReadings: string[];
}

export function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? featureFiles(join(dir, e.name))
      : e.name.endsWith(".feature")
        ? [join(dir, e.name)]
        : [],
  );
}

export function parseFeature(text: string, uri: string): GherkinDocument {
  const parser = new Parser(new AstBuilder(IdGenerator.uuid()), new GherkinClassicTokenMatcher());
  return { ...parser.parse(text), uri };
}

/** Scenarios (each Examples row counts) with their tags, including the feature's and rule's. */
export function scenariosOf(doc: GherkinDocument): ScenarioInfo[] {
  const out: ScenarioInfo[] = [];
  const feature = doc.feature;
  if (!feature) return out;
  const featureTags = feature.tags.map((t) => t.name);
  const visit = (children: typeof feature.children, inherited: string[]) => {
    for (const child of children) {
      if (child.rule)
        visit(child.rule.children as typeof feature.children, [
          ...inherited,
          ...child.rule.tags.map((t) => t.name),
        ]);
      const sc = child.scenario;
      if (!sc) continue;
      const tags = [...inherited, ...sc.tags.map((t) => t.name)];
      const fieldTables: ScenarioInfo["fieldTables"] = [];
      const stepReadings = new Set<string>();
      for (const s of sc.steps) {
        for (const id of tableReadings(
          s.dataTable?.rows.map((r) => r.cells.map((c) => c.value.trim())) ?? [],
        ))
          stepReadings.add(id);
        const m = /^the (\w+) event has the fields:$/.exec(s.text.trim());
        if (m && s.dataTable) {
          const [header, ...rows] = s.dataTable.rows.map((r) => r.cells.map((c) => c.value.trim()));
          const fi = header.findIndex((h) => h.toLowerCase() === "field");
          fieldTables.push({ event: m[1], fields: rows.map((r) => r[fi]) });
        }
      }
      const rows = sc.examples.flatMap((ex) => ex.tableBody.map((_, i) => ({ ex, i })));
      const id = `${doc.uri}:${sc.location.line} ${sc.name}`;
      const readings = [...stepReadings];
      if (!rows.length) out.push({ id, tags, fieldTables, stepReadings: readings });
      else
        for (const { ex, i } of rows)
          out.push({
            id: `${id} #${i + 1}`,
            tags: [...tags, ...ex.tags.map((t) => t.name)],
            fieldTables,
            stepReadings: readings,
          });
    }
  };
  visit(feature.children, featureTags);
  return out;
}

/** Reading ids a data table names: a `reading` column (flow tables) or `reading:<id>` cells (field tables). */
function tableReadings(rows: string[][]): string[] {
  const [header, ...body] = rows;
  if (!header) return [];
  const col = header.findIndex((h) => h.toLowerCase() === "reading");
  const ids: string[] = [];
  if (col >= 0) for (const r of body) if (r[col]) ids.push(r[col].split(":")[0].trim());
  for (const r of rows) for (const c of r) if (c.startsWith("reading:")) ids.push(c.slice(8).trim());
  return ids;
}

export interface Inventory {
  /** Scenarios per area: normative (the guide's word) and readings (`@reading:<id>`). */
  areas: Record<string, { scenarios: number; normative: number; readings: number }>;
  /** Every reading id the features name (tags and tables), with how many scenarios name it. */
  readingIds: Map<string, number>;
}

/** What the features assert: per area, how many scenarios are normative and how many readings. */
/**
 * The area of a feature file: its folder under features/ for the server suite
 * ("requests", "events", …), `client/<file>` for the client suite's files.
 */
export function areaOf(file: string): string {
  const client = /features\/client\/([^/]+)\.feature$/.exec(file);
  if (client) return `client/${client[1]}`;
  return /features\/([^/]+)\//.exec(file)?.[1] ?? "other";
}

export function scenarioInventory(featuresDir: string, root = featuresDir): Inventory {
  const areas: Inventory["areas"] = {};
  const readingIds = new Map<string, number>();
  for (const f of featureFiles(featuresDir)) {
    const area = areaOf(f);
    for (const s of scenariosOf(parseFeature(readFileSync(f, "utf8"), relative(root, f)))) {
      const tagged = s.tags.filter((t) => t.startsWith("@reading:")).map((t) => t.slice(9));
      areas[area] ??= { scenarios: 0, normative: 0, readings: 0 };
      const a = areas[area];
      a.scenarios++;
      if (tagged.length) a.readings++;
      else a.normative++;
      for (const id of new Set([...tagged, ...s.stepReadings]))
        readingIds.set(id, (readingIds.get(id) ?? 0) + 1);
    }
  }
  return { areas, readingIds };
}

/** Coverage of the server suite: the client suite (features/client/) plays the other role. */
export function computeCoverage(featuresDir: string, root = featuresDir): Coverage {
  const clientDir = join(featuresDir, "client");
  const files = featureFiles(featuresDir).filter((f) => !f.startsWith(`${clientDir}/`));
  const scenarios = files.flatMap((f) =>
    scenariosOf(parseFeature(readFileSync(f, "utf8"), relative(root, f))),
  );
  const c = contract();
  const items: CoverageItem[] = [];
  const tagged = (tag: string) => scenarios.filter((s) => s.tags.includes(tag)).map((s) => s.id);
  for (const op of c.operations.values()) {
    if (op.service === "server")
      items.push({ kind: "request", name: op.name, scenarios: tagged(`@request:${op.name}`) });
  }
  for (const t of c.types.values()) {
    if (t.kind !== "event" || t.abstract || !t.eventType || t.name === "CTIFilter") continue;
    items.push({ kind: "event", name: t.eventType, scenarios: tagged(`@event:${t.eventType}`) });
    for (const m of t.members) {
      const hits = scenarios
        .filter((s) =>
          s.fieldTables.some(
            (ft) =>
              (ft.event === t.eventType || c.eventInfo(ft.event)?.name === t.name) &&
              ft.fields.includes(m.name),
          ),
        )
        .map((s) => s.id);
      items.push({ kind: "field", name: `${t.eventType}.${m.name}`, scenarios: hits });
    }
  }
  for (const f of REQUIRED_FLOWS) items.push({ kind: "flow", name: f, scenarios: tagged(`@flow:${f}`) });
  const uncovered = items.filter((i) => i.scenarios.length === 0);
  const covered = items.length - uncovered.length;
  return {
    items,
    covered,
    total: items.length,
    percent: Math.floor((covered / items.length) * 1000) / 10,
    uncovered,
  };
}
