/**
 * Waivers: known deviations of a target that should not fail the run. A waiver names a
 * guide clause (`EDK 4-9`, matching the scenario's `@EDK-4-9` tag), a tag (`@request:MakeCall`:
 * everything a target does not do) or a scenario (by name, or `features/…:name`), with a
 * reason. Waived failures are reported as waived; waivers that
 * matched nothing are reported as unused, so stale ones get noticed. @see docs/certify.md
 */
import YAML from "yaml";
import { readFileSync } from "node:fs";
import { KitError } from "../contract/errors.ts";

export interface Waiver {
  clause?: string;
  tag?: string;
  scenario?: string;
  reason: string;
}

interface Waivable {
  name: string;
  uri: string;
  tags: string[];
  status: string;
  waiver?: string;
}

export function readWaivers(file: string): Waiver[] {
  let parsed: unknown;
  try {
    parsed = YAML.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `cannot read waivers file ${file}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const list = (parsed as { waivers?: unknown })?.waivers ?? parsed;
  if (!Array.isArray(list))
    throw new KitError(
      "CTIPSKIT_E_CONFIG_INVALID",
      `${file}: expected a list of waivers (or { waivers: [...] })`,
    );
  return list.map((w, i) => {
    const x = w as Partial<Waiver>;
    if (!x || typeof x.reason !== "string" || !x.reason.trim()) {
      throw new KitError("CTIPSKIT_E_CONFIG_INVALID", `${file}: waivers[${i}].reason is required`, {
        details: { field: `waivers[${i}].reason` },
      });
    }
    if ([x.clause, x.tag, x.scenario].filter(Boolean).length !== 1) {
      throw new KitError(
        "CTIPSKIT_E_CONFIG_INVALID",
        `${file}: waivers[${i}] needs exactly one of clause, tag or scenario`,
        { details: { field: `waivers[${i}]` } },
      );
    }
    if (x.tag !== undefined && !/^@\S+$/.test(x.tag))
      throw new KitError(
        "CTIPSKIT_E_CONFIG_INVALID",
        `${file}: waivers[${i}].tag must be a tag, e.g. @request:MakeCall`,
        {
          details: { field: `waivers[${i}].tag` },
        },
      );
    return { clause: x.clause, tag: x.tag, scenario: x.scenario, reason: x.reason };
  });
}

function matches(w: Waiver, s: Waivable): boolean {
  if (w.clause) return s.tags.includes(`@${w.clause.trim().replace(/\s+/g, "-")}`);
  if (w.tag) return s.tags.includes(w.tag);
  const name = w.scenario ?? "";
  return name === s.name || name === `${s.uri}:${s.name}`;
}

/** Marks failed scenarios a waiver covers as waived; returns the waivers that matched nothing. */
export function applyWaivers(scenarios: Waivable[], waivers: Waiver[]): Waiver[] {
  const used = new Set<Waiver>();
  for (const s of scenarios) {
    const w = waivers.find((x) => matches(x, s));
    if (!w) continue;
    used.add(w);
    if (s.status === "failed") {
      s.status = "waived";
      s.waiver = w.reason;
    }
  }
  return waivers.filter((w) => !used.has(w));
}
