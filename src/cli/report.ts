/** `ctips-kit report` — the Allure HTML from the last certification run's results. */
import { KitError } from "../contract/errors.ts";
import { buildAllureReport, serveReport } from "../runner/report.ts";
import { flagHelp, parseFlags } from "./args.ts";
import type { Command } from "./main.ts";

const spec = {
  results: { type: "string", description: "Allure results directory (default reports/allure-results)" },
  output: { type: "string", description: "HTML output directory (default reports/allure-report)" },
  history: {
    type: "string",
    description: "a previous report's history/ folder, for trends (default: the output directory's own)",
  },
  "no-history": { type: "boolean", description: "start the trends afresh" },
  open: {
    type: "boolean",
    description: "serve the report on 127.0.0.1 until Ctrl-C (browsers refuse file:// for it)",
  },
  port: { type: "string", description: "with --open: the port (default: any free one)" },
  help: { type: "boolean", short: "h", description: "show this help" },
} as const;

const summary = "Build the Allure HTML report from the results of `ctips-kit certify` (needs Java 17).";

export const reportCommand: Command = {
  summary,
  async run(argv, io) {
    const { values } = parseFlags(argv, spec, "report");
    if (values.help) {
      io.out(flagHelp("report", summary, spec));
      return 0;
    }
    const port = values.port as string | undefined;
    if (port !== undefined && !/^\d+$/.test(port))
      throw new KitError("CTIPSKIT_E_USAGE", `--port must be a whole number, not '${port}'`);
    const r = await buildAllureReport({
      resultsDir: values.results as string | undefined,
      outputDir: values.output as string | undefined,
      history: values["no-history"] ? false : (values.history as string | undefined),
    });
    io.out(
      `Allure report of ${r.results} results: ${r.outputDir}/index.html${r.history ? ` (trends from ${r.history})` : ""}`,
    );
    if (!values.open) return 0;
    const server = await serveReport(r.outputDir, { port: port === undefined ? 0 : Number(port) });
    const stopped = new Promise<void>((resolve) => io.onStop(() => server.close().then(resolve)));
    io.out(`serving the report at ${server.url} — Ctrl-C to stop`);
    await stopped;
    return 0;
  },
};
