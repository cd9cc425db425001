/**
 * Writes docs/readings.md from the reading lists and the features, and the table of
 * normative and reading scenarios per area in docs/certify.md and docs/certify-client.md
 * (src/runner/readings-doc.ts).
 *
 *   npx tsx tools/readings-doc.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withClientRulesTable } from "../src/runner/client-rules.ts";
import { scenarioInventory } from "../src/runner/coverage.ts";
import { readingsDoc, withCountsTable } from "../src/runner/readings-doc.ts";

const root = join(import.meta.dirname, "..");
const inv = scenarioInventory(join(root, "features"), root);
writeFileSync(join(root, "docs", "readings.md"), readingsDoc(inv));
const certify = join(root, "docs", "certify.md");
writeFileSync(certify, withCountsTable(readFileSync(certify, "utf8"), inv));
const client = join(root, "docs", "certify-client.md");
writeFileSync(client, withClientRulesTable(withCountsTable(readFileSync(client, "utf8"), inv, "client")));
console.log(
  "wrote docs/readings.md, the counts in docs/certify.md, the counts and rules in docs/certify-client.md",
);
