/**
 * A minimal element tree for writing WSDL/XSD documents: build nodes, render them indented.
 * Attribute order is kept as given (WCF writes its metadata attributes in a stable order, and
 * stable output keeps golden comparisons simple).
 */
import { escapeAttr, escapeText } from "./xml.ts";

export interface XNode {
  name: string;
  attrs: ReadonlyArray<readonly [string, string]>;
  children: XNode[];
  /** Character data of a leaf element (e.g. an EnumerationValue annotation). */
  text?: string;
}

/** `undefined` attribute values are left out, so optional attributes read inline. */
export function x(
  name: string,
  attrs: Record<string, string | undefined> = {},
  content: XNode[] | string = [],
): XNode {
  const kept = Object.entries(attrs).filter((e): e is [string, string] => e[1] !== undefined);
  return typeof content === "string"
    ? { name, attrs: kept, children: [], text: content }
    : { name, attrs: kept, children: content };
}

function renderNode(node: XNode, depth: number, out: string[]): void {
  const pad = "  ".repeat(depth);
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("");
  if (node.text !== undefined) {
    out.push(`${pad}<${node.name}${attrs}>${escapeText(node.text)}</${node.name}>`);
    return;
  }
  if (node.children.length === 0) {
    out.push(`${pad}<${node.name}${attrs}/>`);
    return;
  }
  out.push(`${pad}<${node.name}${attrs}>`);
  for (const child of node.children) renderNode(child, depth + 1, out);
  out.push(`${pad}</${node.name}>`);
}

/** The document with an XML declaration, two-space indented, ending with a newline. */
export function renderDocument(root: XNode): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  renderNode(root, 0, out);
  return `${out.join("\n")}\n`;
}
