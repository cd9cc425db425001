/**
 * Writes docs/readings.md from the reading lists and the features (src/runner/readings-doc.ts).
 *
 *   npx tsx tools/readings-doc.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { scenarioInventory } from "../src/runner/coverage.ts";
import { readingsDoc } from "../src/runner/readings-doc.ts";

const root = join(import.meta.dirname, "..");
const file = join(root, "docs", "readings.md");
writeFileSync(file, readingsDoc(scenarioInventory(join(root, "features"), root)));
console.log(`wrote ${file}`);
