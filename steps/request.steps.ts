import { type DataTable, Then, When } from "@cucumber/cucumber";
import { SUCCESS_RESULTS } from "../src/checks/index.ts";
import { contract } from "../src/contract/schemas.ts";
import { pairs, step } from "./support.ts";
import { type CtipsWorld, describeOutcome } from "./world.ts";

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

/**
 * The request was carried out: no fault, and a result of success — an int result of 0
 * (`_success`) or 101 (`success`): the guide names no value for int results, the
 * ResponseCode enum has these two; OpenConnection's SessionObject with a SessionId.
 */
Then(
  "the request succeeds",
  step(function (this: CtipsWorld) {
    const o = this.last;
    if (!o) throw new Error("no request was sent");
    if (!o.ok) throw new Error(`expected success, got the fault ${describeOutcome(o)}`);
    const op = contract().operation(o.request.name ?? "");
    if (op.resultText === "int" && !SUCCESS_RESULTS.includes(o.result as number))
      throw new Error(`expected a success result (0 or 101), got ${JSON.stringify(o.result)}`);
  }),
);

/**
 * The request was refused in any way a real CTIPS can refuse it (EDK 2-4): a fault (typed
 * CTIPortalServiceFault, or a WCF deserialization fault for a message that breaks the data
 * contract), a refusing result, or the request's failure event with its RequestId.
 */
Then(
  "the request is refused",
  step(async function (this: CtipsWorld) {
    await this.awaitRefusal();
  }),
);

/**
 * As "the request is refused"; which FaultErrorCode (or FailureType) the refusal names is
 * the kit's reading (fault-error-code): another one is a warning, not a failure.
 */
Then(
  "the request is refused with {word}",
  step(async function (this: CtipsWorld, code: string) {
    await this.awaitRefusal(code);
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
