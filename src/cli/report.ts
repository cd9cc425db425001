/** `ctips-kit report` — the Allure HTML from the last certification run's results. */
import { buildAllureReport } from "../runner/report.ts";
import { flagHelp, parseFlags } from "./args.ts";
import type { Command } from "./main.ts";

const spec = {
  results: { type: "string", description: "Allure results directory (default reports/allure-results)" },
  output: { type: "string", description: "HTML output directory (default reports/allure-report)" },
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
    const r = await buildAllureReport({
      resultsDir: values.results as string | undefined,
      outputDir: values.output as string | undefined,
    });
    io.out(`Allure report of ${r.results} results: ${r.outputDir}/index.html`);
    return 0;
  },
};
