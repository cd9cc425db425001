/**
 * Encode and decode of a CTICallConnected with CallInfo and 20 CallData items (a full
 * PublishCTIEvent envelope), beside JSON.stringify/JSON.parse of the same object in the
 * same run. Targets on a 2-core machine: decode ≥ 20,000/s, encode ≥ 50,000/s.
 * Also times the refusal of a billion-laughs document (target < 10 ms).
 *   npx tsx bench/codec.bench.ts
 */
import { contract, decodeMessage, encodeRequest } from "../src/contract/index.ts";

const c = contract();
const op = c.operation("PublishCTIEvent");
const event = {
  type: "CTICallConnected",
  value: {
    EventCategory: "EventCategoryCall",
    EventType: "CallConnected",
    SiteId: 1,
    TenantId: 1,
    RequestId: 0,
    SwitchId: 1,
    ServiceId: 100,
    AgentId: 1001,
    CallId: 5001,
    CallSequenceId: "9007199254740993",
    CallOriginatingSiteId: 1,
    ResponseRequired: true,
    PlayAudioAlert: true,
    RejectReasonRequired: false,
    CallInfo: {
      ANI: "5551234",
      DNIS: "8005550100",
      FirstName: "Ada",
      LastName: "Lovelace",
      PhoneNumber: "5551234",
      CallerId: "ADA",
      CallData: Array.from({ length: 20 }, (_, i) => ({ key: `key${i}`, value: `value number ${i} <&>` })),
    },
    CallType: "InboundAcd",
    OriginatingAgentId: 0,
    ResourceGroupId: 3,
    ChannelId: 12,
    CircuitId: 4,
  },
};

/** Calls per second of `fn` over `ms` milliseconds, after a warm-up. */
function rate(fn: () => unknown, ms: number): number {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    now = performance.now();
  }
  return (n / (now - start)) * 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number): string => Math.round(n).toLocaleString("en").padStart(10);

// A server decodes what it read off the socket: one flat string (Buffer → utf8), not the
// concatenation tree the encoder returns (V8 reads the latter through an extra indirection).
const xml = Buffer.from(encodeRequest(op, { ctiEvent: event }), "utf8").toString("utf8");
const json = JSON.stringify(event);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const ms = Number(process.env.BENCH_MS ?? 600);
console.log(
  `message: ${xml.length} bytes of XML, ${json.length} bytes of JSON; ${rounds} rounds of ${ms} ms\n`,
);
const runs = {
  encode: [] as number[],
  stringify: [] as number[],
  decode: [] as number[],
  parse: [] as number[],
};
for (let r = 0; r < rounds; r++) {
  runs.encode.push(rate(() => encodeRequest(op, { ctiEvent: event }), ms));
  runs.stringify.push(rate(() => JSON.stringify(event), ms));
  runs.decode.push(rate(() => decodeMessage(xml), ms));
  runs.parse.push(rate(() => JSON.parse(json), ms));
}
const row = (name: string, xs: number[]) =>
  console.log(
    `${name.padEnd(28)} ${fmt(median(xs))} /s   (rounds: ${xs.map((x) => fmt(x).trim()).join(", ")})`,
  );
row("encode (ctips-kit codec)", runs.encode);
row("JSON.stringify (baseline)", runs.stringify);
row("decode (ctips-kit codec)", runs.decode);
row("JSON.parse (baseline)", runs.parse);
const enc = median(runs.encode);
const dec = median(runs.decode);
const ratio = (xs: number[], base: number[]) => median(xs.map((x, i) => x / base[i]));
console.log(
  `\nencode: ${ratio(runs.encode, runs.stringify).toFixed(3)}x JSON.stringify, target 50,000/s: ${enc >= 50_000 ? "met" : "NOT met"}`,
);
console.log(
  `decode: ${ratio(runs.decode, runs.parse).toFixed(3)}x JSON.parse,     target 20,000/s: ${dec >= 20_000 ? "met" : "NOT met"}`,
);

const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><a>&lol2;</a>`;
let worst = 0;
for (let i = 0; i < 1000; i++) {
  const t = performance.now();
  try {
    decodeMessage(laughs);
  } catch {}
  worst = Math.max(worst, performance.now() - t);
}
console.log(`billion laughs refused: worst of 1000 in ${worst.toFixed(3)} ms (target < 10 ms)`);
