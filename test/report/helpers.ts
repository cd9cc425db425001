/**
 * What the picture tests share: golden files with volatile ids normalised (UPDATE_GOLDEN=1
 * rewrites them, as test/interop/wcf-certify.timing.test.ts does), a well-formedness check
 * with the kit's own XML reader, and the timelines the pictures are drawn from.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { parseXml, type XmlElement } from "../../src/contract/xml.ts";
import type { TimelineEntry } from "../../src/timeline/entry.ts";
import { TimelineBuilder } from "../checks/fixtures/builder.ts";

const GOLDEN_DIR = join(import.meta.dirname, "golden");

/**
 * SessionIds → S1, S2 … in the order of `sessions`, in full and wherever a label cut them
 * short (their first 8 characters, maybe more, then an ellipsis). The builder's clock is
 * deterministic, so times need no normalising.
 */
export function normalise(svg: string, sessions: readonly string[]): string {
  let out = svg;
  sessions.forEach((id, i) => {
    // In full, or cut short anywhere after its first 8 characters (`4f1c2a9e…`, `4f1c2a9e-7b…`).
    const head = [...id]
      .slice(0, 8)
      .join("")
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out
      .split(id)
      .join(`S${i + 1}`)
      .replace(new RegExp(`${head}[^\\s<"&…]*…`, "g"), `S${i + 1}`);
  });
  return out;
}

/** Compares with test/report/golden/<name>.svg; UPDATE_GOLDEN=1 writes it instead. */
export function expectGolden(name: string, svg: string, sessions: readonly string[] = []): void {
  const file = join(GOLDEN_DIR, `${name}.svg`);
  const actual = normalise(svg, sessions);
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) {
    throw new Error(`no golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/report to write it`);
  }
  expect(actual, `${name}.svg differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(
    readFileSync(file, "utf8"),
  );
}

/** Parses the picture with the kit's safe XML reader; fails on anything XML 1.0 cannot carry. */
export function parseSvg(svg: string): XmlElement {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
  expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
  const root = parseXml(svg);
  expect(root.local).toBe("svg");
  expect(root.ns).toBe("http://www.w3.org/2000/svg");
  return root;
}

/** Every element of the tree, depth first. */
export function elements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(elements)];
}

/** The `<g>` elements whose class list has `cls`. */
export function groupsWithClass(root: XmlElement, cls: string): XmlElement[] {
  return elements(root).filter((e) => (e.attrs.class ?? "").split(" ").includes(cls));
}

/** All character data under an element, its tooltips included. */
export function textOf(e: XmlElement): string {
  return [e.text, ...e.children.map(textOf)].join("");
}

/** A realistic SessionId, so normalisation and the short form are exercised. */
export const SESSION_A = "4f1c2a9e-7b3d-4e21-9c55-0a6f3e2d1b77";
export const SESSION_B = "9d0e5c1b-2a47-4f88-b3c1-5e6f7a8b9c0d";

/** Chapter 2 / E-2: an online session, an agent logs in, one inbound call start to finish, close. */
export function chapter2Call(session = SESSION_A): TimelineEntry[] {
  const b = new TimelineBuilder();
  b.onlineSession(session);
  b.login(session, 7);
  b.inboundCall(session, { callId: 101, agentId: 7 });
  b.close(session);
  return b.entries;
}

/** A timeline of about `n` entries: one session, calls one after another, a heartbeat every 20 entries. */
export function largeTimeline(n: number): TimelineEntry[] {
  const b = new TimelineBuilder();
  b.onlineSession("S1");
  b.login("S1", 7);
  let call = 1;
  while (b.entries.length < n) {
    b.inboundCall("S1", { callId: call++, agentId: 7 });
    b.heartbeat("S1");
  }
  return b.entries;
}
