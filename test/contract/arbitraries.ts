/** fast-check arbitraries for every contract type, derived from the schemas registry. */
import fc from "fast-check";
import { contract, type EventValue, type WireType } from "../../src/contract/index.ts";

const c = contract();

/** Characters XML 1.0 can carry, specials and non-ASCII included. */
const xmlChar = fc.oneof(
  fc.constantFrom("a", "Z", "0", " ", "<", ">", "&", '"', "'", "\t", "\n", "\r", "é", "€", "日"),
  fc.integer({ min: 0x20, max: 0xd7ff }).map((n) => String.fromCharCode(n)),
);
const xmlString = fc.array(xmlChar, { maxLength: 12 }).map((a) => a.join(""));

const int = fc.integer({ min: -2147483648, max: 2147483647 });
const long = fc
  .oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.constantFrom(2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 0n),
  )
  .map((b) => b.toString());

export function arbitraryOf(type: WireType, depth = 0): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "primitive":
      if (type.name === "int") return int;
      if (type.name === "long") return long;
      if (type.name === "bool") return fc.boolean();
      return fc.option(xmlString, { nil: null, freq: 8 });
    case "enum":
      return fc.constantFrom(...c.enumInfo(type.name).names);
    case "array":
      return fc.option(fc.array(arbitraryOf(type.item, depth + 1), { maxLength: depth > 1 ? 1 : 3 }), {
        nil: null,
        freq: 8,
      });
    case "data": {
      const obj = objectOf(type.name, depth + 1);
      return fc.option(obj, { nil: null, freq: 8 });
    }
  }
}

export function objectOf(typeName: string, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const t = c.type(typeName);
  const required: Record<string, fc.Arbitrary<unknown>> = {};
  const keys: string[] = [];
  for (const m of t.members) {
    required[m.name] = arbitraryOf(m.type, depth);
    if (m.required) keys.push(m.name);
  }
  return fc.record(required, { requiredKeys: keys }) as fc.Arbitrary<Record<string, unknown>>;
}

export function eventOf(typeName: string): fc.Arbitrary<EventValue> {
  return objectOf(typeName).map((value) => ({ type: typeName, value }));
}
