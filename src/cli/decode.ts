/** `ctips-kit decode FILE|-` — reads one SOAP message and prints what it is and what was tolerated. */
import { readFileSync } from "node:fs";
import { decodeMessage } from "../contract/soap.ts";
import type { Command } from "./main.ts";
import { flagHelp, parseFlags } from "./args.ts";
import { KitError } from "../contract/errors.ts";

const spec = {
  strict: {
    type: "boolean",
    description: "exit 1 when the message has any deviation from the wire contract",
  },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const;

const summary = "Decode a CTIPS SOAP message (request, response, event or fault) and list its deviations.";

export const decodeCommand: Command = {
  summary,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, spec, "decode");
    if (values.help) {
      io.out(flagHelp("decode", summary, spec, "FILE|-"));
      return 0;
    }
    const file = positionals[0];
    if (!file)
      throw new KitError("CTIPSKIT_E_USAGE", "ctips-kit decode needs a FILE (or - for standard input)");
    const xml = file === "-" ? await io.readStdin() : readFileSync(file, "utf8");
    const msg = decodeMessage(xml);
    const summaryOut =
      msg.kind === "fault"
        ? { kind: msg.kind, faultcode: msg.faultcode, faultstring: msg.faultstring, detail: msg.detail }
        : msg.kind === "request"
          ? { kind: msg.kind, operation: msg.operation.name, params: msg.params }
          : { kind: msg.kind, operation: msg.operation.name, result: msg.result };
    io.out(JSON.stringify({ ...summaryOut, deviations: msg.deviations }, null, 2));
    return values.strict && msg.deviations.length ? 1 : 0;
  },
};
