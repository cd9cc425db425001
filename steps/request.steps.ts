import { type DataTable, Then, When } from "@cucumber/cucumber";
import { contract } from "../src/contract/schemas.ts";
import { pairs, step } from "./support.ts";
import type { CtipsWorld } from "./world.ts";

When(
  "the client sends {word}",
  step(async function (this: CtipsWorld, op: string) {
    await this.send(op, {});
  }),
);

When(
  "the client sends {word} with:",
  step(async function (this: CtipsWorld, op: string, table: DataTable) {
    await this.send(op, this.args(pairs(table)));
  }),
);

When(
  "session {word} sends {word} with:",
  step(async function (this: CtipsWorld, name: string, op: string, table: DataTable) {
    await this.send(op, this.args(pairs(table)), name);
  }),
);

When(
  "the client sends {word} with exactly these arguments:",
  step(async function (this: CtipsWorld, op: string, table: DataTable) {
    await this.sendRaw(op, this.args(pairs(table)));
  }),
);

Then(
  "the request succeeds",
  step(function (this: CtipsWorld) {
    const o = this.last;
    if (!o) throw new Error("no request was sent");
    if (!o.ok)
      throw new Error(
        `expected success, got fault ${o.fault.detail?.ErrorCode ?? o.fault.faultcode}: ${o.fault.detail?.Message ?? o.fault.faultstring}`,
      );
    const op = contract().operation(o.request.name ?? "");
    if (op.resultText === "int" && o.result !== 0)
      throw new Error(`expected result 0, got ${JSON.stringify(o.result)}`);
  }),
);

Then(
  "the request fails with {word}",
  step(function (this: CtipsWorld, code: string) {
    const o = this.last;
    if (!o) throw new Error("no request was sent");
    if (o.ok) throw new Error(`expected the fault ${code}, got the result ${JSON.stringify(o.result)}`);
    const got = o.fault.detail?.ErrorCode ?? o.fault.faultcode;
    if (got !== code)
      throw new Error(
        `expected the fault ${code}, got ${got}: ${o.fault.detail?.Message ?? o.fault.faultstring}`,
      );
  }),
);

Then(
  "the result has:",
  step(function (this: CtipsWorld, table: DataTable) {
    const o = this.last;
    if (!o?.ok) throw new Error(`expected a result, got ${o ? "a fault" : "nothing"}`);
    const result = o.result as Record<string, unknown>;
    for (const [field, rule] of pairs(table)) {
      const v = result?.[field.trim()];
      const r = rule.trim();
      const ok =
        r === "(non-empty)"
          ? typeof v === "string" && v.length > 0
          : r === "(nil)"
            ? v === null || v === ""
            : String(v) === String(this.value(r));
      if (!ok) throw new Error(`result ${field}: expected ${r}, got ${JSON.stringify(v)}`);
    }
  }),
);
