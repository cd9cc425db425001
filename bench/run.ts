/**
 * Runs every benchmark in bench/ one after another (they measure, they never fail):
 *   npm run bench            # all
 *   npm run bench -- codec   # those whose file name contains "codec"
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const filter = process.argv[2] ?? "";
const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts") && f.includes(filter))
  .sort();
if (!benches.length) {
  console.error(`no benchmark matches '${filter}' in ${dir}`);
  process.exit(2);
}
for (const b of benches) {
  console.log(`\n=== ${b} (${new Date().toISOString()}) ===`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(dir, b)], { stdio: "inherit" });
  if (r.status !== 0) console.log(`${b} exited ${r.status}`);
}
