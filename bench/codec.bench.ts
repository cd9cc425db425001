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

function rate(name: string, fn: () => unknown, ms = 1500): number {
  for (let i = 0; i < 2000; i++) fn(); // warm up
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    now = performance.now();
  }
  const perSec = (n / (now - start)) * 1000;
  console.log(`${name.padEnd(34)} ${Math.round(perSec).toLocaleString("en").padStart(12)} /s`);
  return perSec;
}

const xml = encodeRequest(op, { ctiEvent: event });
const json = JSON.stringify(event);
console.log(`message: ${xml.length} bytes of XML, ${json.length} bytes of JSON\n`);
const enc = rate("encode (ctips-kit codec)", () => encodeRequest(op, { ctiEvent: event }));
const jenc = rate("JSON.stringify (baseline)", () => JSON.stringify(event));
const dec = rate("decode (ctips-kit codec)", () => decodeMessage(xml));
const jdec = rate("JSON.parse (baseline)", () => JSON.parse(json));
console.log(
  `\nencode: ${(enc / jenc).toFixed(3)}x JSON.stringify, target 50,000/s: ${enc >= 50_000 ? "met" : "NOT met"}`,
);
console.log(
  `decode: ${(dec / jdec).toFixed(3)}x JSON.parse,     target 20,000/s: ${dec >= 20_000 ? "met" : "NOT met"}`,
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
