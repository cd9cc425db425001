/**
 * The certification bundle `ctips-kit check --bundle out.zip` writes: one file to hand to a
 * customer or attach to a ticket, holding the capture, the findings (check.json), the JUnit
 * file, the HTML pages and a manifest (the kit's version, what was judged with which
 * parameters, every file's SHA-256). Nothing secret leaves in it: OpenConnection's and
 * StartSession's passwords, in payloads and in any XML kept as text, and every text given
 * with `--redact`, are replaced by `***` in every file, and every file is searched for them
 * once more before the archive is written. @see docs/record.md ("Bundles")
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KitError } from "../contract/errors.ts";
import type { TimelineEntry } from "../timeline/entry.ts";
import { asScenario, type Capture, type CaptureReport } from "./check-capture.ts";
import { clausesPage } from "./html.ts";
import { junitXml } from "./junit.ts";
import type { ScenarioRecord, ScenarioResult } from "./results.ts";
import { emptyCounts } from "./run-report.ts";
import { summaryPage } from "./summary-html.ts";
import { zip } from "./zip.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const REDACTED = "***";

/** A `<Password>` element (any prefix, any attributes) and its content, as XML or as XML escaped in XML. */
const PASSWORD_ELEMENT = /(<(?:[\w.-]+:)?Password(?:\s[^>]*)?>)([\s\S]*?)(<\/(?:[\w.-]+:)?Password\s*>)/g;
const PASSWORD_ELEMENT_ESCAPED =
  /(&lt;(?:[\w.-]+:)?Password(?:\s(?:(?!&gt;).)*)?&gt;)([\s\S]*?)(&lt;\/(?:[\w.-]+:)?Password\s*&gt;)/g;
const PASSWORD_KEY = /^password$/i;

const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const xmlAttr = (s: string) => xmlText(s).replace(/"/g, "&quot;");
const xmlUnescape = (s: string) =>
  s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&amp;/g, "&");

/** The forms a secret takes in the files of a bundle: as it is, escaped in XML or HTML, escaped in JSON. */
function forms(secret: string): string[] {
  return [...new Set([secret, xmlText(secret), xmlAttr(secret), JSON.stringify(secret).slice(1, -1)])];
}

/**
 * What a bundle must not carry, and how to take it out. The secrets are the passwords the
 * capture holds (UserCredentials and userinfo in payloads, `<Password>` in any XML string)
 * and the texts the caller gives; `***` (the recorders' own redaction) is none.
 */
export class Redactor {
  readonly secrets: string[];
  /** How many passwords the capture itself held (before any redaction), distinct. */
  readonly passwordsFound: number;

  constructor(entries: readonly TimelineEntry[], given: readonly string[] = []) {
    const found = new Set<string>();
    const collect = (v: unknown, depth: number): void => {
      if (depth > 12 || v === null || typeof v !== "object") {
        if (typeof v === "string")
          for (const m of v.matchAll(PASSWORD_ELEMENT)) found.add(xmlUnescape(m[2]).trim());
        return;
      }
      for (const [k, x] of Object.entries(v)) {
        if (PASSWORD_KEY.test(k) && typeof x === "string") found.add(x);
        collect(x, depth + 1);
      }
    };
    for (const e of entries) collect(e, 0);
    found.delete("");
    found.delete(REDACTED);
    this.passwordsFound = found.size;
    const all = new Set([...found, ...given.filter((g) => g !== "")]);
    // Longest first: a secret that contains another is replaced whole.
    this.secrets = [...all].sort((a, b) => b.length - a.length);
  }

  /** A string with every password element's content and every secret replaced by `***`. */
  text(s: string): string {
    let out = s
      .replace(PASSWORD_ELEMENT, `$1${REDACTED}$3`)
      .replace(PASSWORD_ELEMENT_ESCAPED, `$1${REDACTED}$3`);
    for (const secret of this.secrets) for (const f of forms(secret)) out = out.split(f).join(REDACTED);
    return out;
  }

  /** A copy of a JSON value with every string redacted and every `Password` member's value `***`. */
  value<T>(v: T): T {
    const walk = (x: unknown): unknown => {
      if (typeof x === "string") return this.text(x);
      if (x === null || typeof x !== "object") return x;
      if (Array.isArray(x)) return x.map(walk);
      const out: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(x))
        out[k] = PASSWORD_KEY.test(k) && y !== null && y !== undefined ? REDACTED : walk(y);
      return out;
    };
    return walk(v) as T;
  }

  /**
   * Throws CTIPSKIT_E_BUNDLE when a secret survives in `text` (outside a string: in a key, a
   * number, or split across two strings). The message names the file, never the secret.
   */
  assertClean(name: string, text: string): void {
    for (const secret of this.secrets)
      for (const f of forms(secret)) {
        const at = text.indexOf(f);
        if (at < 0) continue;
        const line = text.slice(0, at).split("\n").length;
        throw new KitError(
          "CTIPSKIT_E_BUNDLE",
          `a secret (${secret.length} characters) would remain in the bundle's ${name} at line ${line}, outside any text the kit redacts; the bundle is not written`,
          {
            fix: "a --redact text that is also a number or a member name cannot be redacted: give a longer, more specific text",
          },
        );
      }
  }
}

export interface BundleFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface BundleOptions {
  capture: Capture;
  report: CaptureReport;
  /** Texts to redact besides the passwords (`--redact`). */
  redact?: readonly string[];
  /** The zip to write. */
  out: string;
  /** The files' time in the archive and the manifest's `created` (default now). */
  now?: Date;
}

export interface BundleResult {
  file: string;
  files: BundleFile[];
  /** How many distinct secrets were redacted: the capture's passwords, then the given texts. */
  redacted: { passwords: number; given: number };
}

function kitVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** A check's verdict as the run's HTML pages take a scenario: its clause as a tag, so the pages link it. */
function pageScenario(c: CaptureReport["checks"][number]): ScenarioResult {
  const s = asScenario(c);
  const m = /^EDK ([A-E0-9]+-\d+)/i.exec(c.clause);
  const tag = m ? `@EDK-${m[1].toUpperCase()}` : /^WIRE/i.test(c.clause) ? "@WIRE" : undefined;
  return { ...s, tags: tag ? [tag] : [] };
}

/** check.html and clauses.html: the run's own pages (summary-html.ts, html.ts) for a check's verdicts. */
export function checkPages(report: CaptureReport): { summary: string; clauses: string } {
  const scenarios = report.checks.map(pageScenario);
  const records: ScenarioRecord[] = scenarios.map((s) => ({
    name: s.name,
    uri: s.uri,
    feature: s.feature,
    area: s.area,
    tags: s.tags,
    // The check's area as the families of summary.html name them ("passes the heartbeat checks").
    steps: [
      {
        text: `passes the ${s.area} checks`,
        hook: false,
        status: "PASSED" as ScenarioRecord["steps"][number]["status"],
        startMs: 0,
        stopMs: 0,
      },
    ],
    notes: [],
    startMs: 0,
    stopMs: 0,
  }));
  const totals = { total: scenarios.length, normative: 0, readings: 0, ...emptyCounts() };
  const byArea: Parameters<typeof summaryPage>[0]["byArea"] = {};
  for (const s of scenarios) {
    const kind = s.kind === "reading" ? "readings" : "normative";
    byArea[s.area] ??= { normative: 0, readings: 0, ...emptyCounts() };
    for (const c of [totals, byArea[s.area]]) {
      c[s.status]++;
      c[kind]++;
    }
  }
  const title = `ctips-kit check (${report.role})`;
  const target = `the capture ${report.capture.file ? basename(report.capture.file) : "(in memory)"}: ${report.capture.entries} entries by ${report.capture.recorders.join(", ")}, ${report.capture.sessions} session(s)`;
  return {
    summary: summaryPage({ title, target, exitCode: report.exitCode, totals, byArea, records, scenarios }),
    clauses: clausesPage({ root: ROOT, title, scenarios }),
  };
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * Writes the bundle: capture.jsonl, check.json, check-junit.xml, check.html, clauses.html and
 * manifest.json, every one redacted and then searched for the secrets (CTIPSKIT_E_BUNDLE
 * when one survives: then nothing is written).
 */
export function writeBundle(o: BundleOptions): BundleResult {
  const redactor = new Redactor(o.capture.entries, o.redact);
  const report = redactor.value(o.report);
  if (report.capture.file) report.capture.file = basename(report.capture.file);
  const pages = checkPages(report);
  const texts: [string, string][] = [
    [
      "capture.jsonl",
      redactor
        .value(o.capture.entries)
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(""),
    ],
    ["check.json", `${JSON.stringify(report, null, 2)}\n`],
    ["check-junit.xml", junitXml(report.checks.map(asScenario), `ctips-kit check (${report.role})`)],
    ["check.html", pages.summary],
    ["clauses.html", pages.clauses],
  ];
  const files: BundleFile[] = [];
  const data: { name: string; data: Buffer }[] = [];
  for (const [name, text] of texts) {
    // The pages and the JUnit file are written from the redacted report; their own escaping is redacted too.
    const clean = name.endsWith(".json") || name.endsWith(".jsonl") ? text : redactor.text(text);
    redactor.assertClean(name, clean);
    const buf = Buffer.from(clean, "utf8");
    files.push({ name, bytes: buf.length, sha256: sha256(buf) });
    data.push({ name, data: buf });
  }
  const now = o.now ?? new Date();
  const given = new Set((o.redact ?? []).filter((g) => g !== "")).size;
  const manifest = redactor.value({
    kit: { name: "ctips-kit", version: kitVersion() },
    created: now.toISOString(),
    command: "ctips-kit check",
    capture: {
      ...report.capture,
      // The original file's hash is left out on purpose: with the rest of the file in the
      // bundle, it would let anyone test guesses of the redacted password.
    },
    check: {
      role: report.role,
      mode: report.mode,
      strictReadings: report.strictReadings,
      profile: report.parameters.find((p) => p.name === "profile")?.value,
      parameters: report.parameters,
      checks: report.checks.map((c) => ({
        check: c.check,
        area: c.area,
        judges: c.judges,
        clause: c.clause,
        severity: c.severity,
        reading: c.reading,
        status: c.status,
        reason: c.reason,
      })),
      totals: report.totals,
      exitCode: report.exitCode,
    },
    redaction: {
      replacement: REDACTED,
      passwords: redactor.passwordsFound,
      given,
      what: "the Password of every UserCredentials and userinfo, in payloads and in any XML kept as text, and every --redact text, in every file",
    },
    files,
  });
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  redactor.assertClean("manifest.json", manifestText);
  const archive = zip([{ name: "manifest.json", data: manifestText }, ...data], { mtime: now });
  try {
    writeFileSync(o.out, archive);
  } catch (err) {
    throw new KitError("CTIPSKIT_E_BUNDLE", `cannot write the bundle ${o.out}: ${(err as Error).message}`, {
      cause: err,
      fix: "check that the directory exists and is writable",
    });
  }
  return { file: o.out, files, redacted: { passwords: redactor.passwordsFound, given } };
}
