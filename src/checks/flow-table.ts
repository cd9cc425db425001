/**
 * Flow expectations from a Gherkin data table (`DataTable.raw()`: an array of string rows,
 * the first the header). Columns, in any order, case-insensitive: id, event, where, bind,
 * after, optional, within, reading; only `event` is required. A `reading` cell names the
 * kit's reading the row asserts (`failure-type`), or the reading and the `where` fields it
 * covers (`rid-of-completion: RequestId`): see docs/readings.md.
 *
 *   | id   | event                                | where                    | bind          | after | optional | within |
 *   | s    | CallStarted                          | RequestId=0              | c1=CallId     |       |          |        |
 *   | acc  | request AcceptCall                   | CallId=$c1               | r1=RequestId  |       | yes      |        |
 *   | est  | CallEstablished                      | CallId=$c1               |               |       |          | 5s     |
 *   | rej  | RouteRejected or RouteRequestFailed  | RequestId=$r2            |               |       |          |        |
 *   | n1   | never CallDelivered                  | CallId=$c1               |               | est   |          | 2s     |
 *
 * docs/checks.md gives the full syntax.
 */
import { KitError } from "../contract/errors.ts";
import {
  type FlowExpectation,
  type FlowNever,
  type FlowReading,
  type FlowStep,
  type FlowValue,
  validateFlow,
} from "./flow.ts";

const COLUMNS = ["id", "event", "where", "bind", "after", "optional", "within", "reading"] as const;
type Column = (typeof COLUMNS)[number];

const YES = new Set(["yes", "y", "true", "x", "optional", "✓"]);
const NO = new Set(["", "no", "n", "false", "-"]);

/** `500`, `500ms`, `5s`, `2.5 s`, `1m` → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "ms").toLowerCase();
  return unit === "ms" ? n : unit === "s" ? n * 1000 : n * 60_000;
}

/** A cell value: `$var`, `"quoted text"`, true/false, null, an integer, or a bare word (an enum name). */
export function parseValue(text: string): FlowValue {
  const t = text.trim();
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) return t.slice(1, -1).replace(/\\"/g, '"');
  if (t === "true") return true;
  if (t === "false") return false;
  if (t === "null") return null;
  if (/^-?\d+$/.test(t) && Number.isSafeInteger(Number(t))) return Number(t);
  return t;
}

/** Splits `a=1, b="x, y"` on commas outside double quotes. */
function splitPairs(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== "\\") quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p !== "");
}

function parsePairs(text: string, where: string, problems: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const p of splitPairs(text)) {
    const eq = p.indexOf("=");
    if (eq <= 0) {
      problems.push(`${where}: "${p}" is not name=value`);
      continue;
    }
    pairs.push([p.slice(0, eq).trim(), p.slice(eq + 1).trim()]);
  }
  return pairs;
}

/** `id` or `id: Field, Field` → the reading; "" → none. */
function parseReading(text: string, at: string, problems: string[]): FlowReading | undefined {
  if (text === "") return undefined;
  const m = /^([a-z0-9][a-z0-9-]*)\s*(?::\s*(.*))?$/.exec(text);
  if (!m) {
    problems.push(`${at} reading: "${text}" is not a reading id, or id: Field, Field`);
    return undefined;
  }
  const fields = m[2]?.split(/\s*,\s*/).filter(Boolean);
  return fields?.length ? { id: m[1], fields } : { id: m[1] };
}

const splitNames = (text: string) => text.split(/\s*\|\s*|\s+or\s+/i).filter((n) => n !== "");
const splitIds = (text: string) => text.split(/\s*,\s*/).filter((n) => n !== "");

/**
 * Parses a flow table into an expectation (and validates it). Throws
 * CTIPSKIT_E_CONFIG_INVALID naming every bad cell by row and column.
 */
export function parseFlowTable(name: string, table: readonly (readonly string[])[]): FlowExpectation {
  const problems: string[] = [];
  const [header, ...rows] = table;
  if (!header)
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `flow "${name}": the table is empty`, {
      fix: "add a header row and steps",
    });
  const cols = header.map((h) => h.trim().toLowerCase());
  for (const c of cols)
    if (!COLUMNS.includes(c as Column))
      problems.push(`header: unknown column "${c}" (columns: ${COLUMNS.join(", ")})`);
  if (!cols.includes("event")) problems.push('header: the "event" column is required');
  if (problems.length > 0) {
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `flow "${name}": ${problems.join("; ")}`, {
      fix: "see docs/checks.md, flow-table syntax",
    });
  }
  const steps: FlowStep[] = [];
  const never: FlowNever[] = [];
  rows.forEach((row, r) => {
    const at = `row ${r + 1}`;
    const cell = (c: Column) => (row[cols.indexOf(c)] ?? "").trim();
    const id = cell("id") || String(r + 1);
    const eventCell = cell("event");
    const where = Object.fromEntries(
      parsePairs(cell("where"), `${at} where`, problems).map(([f, v]) => [f, parseValue(v)]),
    );
    const withinText = cell("within");
    const within = withinText === "" ? undefined : parseDuration(withinText);
    if (withinText !== "" && within === undefined)
      problems.push(`${at} within: "${withinText}" is not a duration (500ms, 5s)`);
    const afterText = cell("after");
    const optionalText = cell("optional").toLowerCase();
    if (!YES.has(optionalText) && !NO.has(optionalText))
      problems.push(`${at} optional: "${optionalText}" is not yes or no`);
    const whereOrNone = Object.keys(where).length > 0 ? where : undefined;
    const reading = parseReading(cell("reading"), at, problems);
    for (const f of reading?.fields ?? [])
      if (!(f in where)) problems.push(`${at} reading: ${f} is not a field of the row's where`);
    const neverMatch = /^never\s+(.+)$/i.exec(eventCell);
    if (neverMatch) {
      const after = splitIds(afterText);
      if (after.length > 1)
        problems.push(`${at} after: a never rule opens at one step, got ${after.join(", ")}`);
      if (cell("bind") !== "") problems.push(`${at} bind: a never rule binds nothing`);
      const names = splitNames(neverMatch[1]);
      never.push({
        id,
        never: names.length === 1 ? names[0] : names,
        where: whereOrNone,
        after: after[0],
        within,
        reading,
      });
      return;
    }
    const bind = Object.fromEntries(
      parsePairs(cell("bind"), `${at} bind`, problems).map(([v, f]) => [v.replace(/^\$/, ""), f]),
    );
    const step: FlowStep = {
      id,
      where: whereOrNone,
      bind: Object.keys(bind).length > 0 ? bind : undefined,
      after: afterText === "" ? undefined : afterText.toLowerCase() === "start" ? [] : splitIds(afterText),
      optional: YES.has(optionalText) || undefined,
      within,
      reading,
    };
    const requestMatch = /^request\s+(\S+)$/i.exec(eventCell);
    const names = splitNames(eventCell);
    if (requestMatch) step.request = requestMatch[1];
    else if (names.length === 1) step.event = names[0];
    else if (names.length > 1) step.alternatives = names;
    else problems.push(`${at} event: empty`);
    steps.push(step);
  });
  if (problems.length > 0) {
    throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `flow "${name}": ${problems.join("; ")}`, {
      fix: "see docs/checks.md, flow-table syntax",
      details: { flow: name, problems },
    });
  }
  const flow: FlowExpectation = { name, steps, never: never.length > 0 ? never : undefined };
  validateFlow(flow);
  return flow;
}
