/**
 * A small, strict flag parser: `--name value`, `--name=value`, repeatable flags, booleans.
 * Unknown flags are usage errors that list the known ones.
 */
import { parseArgs } from "node:util";
import { KitError } from "../contract/errors.ts";

export type FlagSpec = Record<
  string,
  {
    type: "string" | "boolean";
    multiple?: boolean;
    short?: string;
    description: string;
    default?: string | boolean;
  }
>;

export function parseFlags<T extends FlagSpec>(
  argv: string[],
  spec: T,
  command: string,
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(spec).map(([k, v]) => [
          k,
          JSON.parse(
            JSON.stringify({ type: v.type, multiple: v.multiple, short: v.short, default: v.default }),
          ),
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (err) {
    throw new KitError("CTIPSKIT_E_USAGE", `ctips-kit ${command}: ${(err as Error).message}`, {
      fix: `run ctips-kit ${command} --help`,
    });
  }
}

export function flagHelp(command: string, summary: string, spec: FlagSpec, usage = ""): string {
  const rows = Object.entries(spec).map(
    ([k, v]) => `  --${k}${v.type === "string" ? " VALUE" : ""}`.padEnd(30) + v.description,
  );
  return [`usage: ctips-kit ${command} ${usage}`.trimEnd(), "", summary, "", "options:", ...rows].join("\n");
}
