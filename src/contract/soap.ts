/**
 * SOAP 1.1 envelopes for both CTIPS services: requests, responses, the typed
 * CTIPortalServiceFault and WCF's ActionNotSupported fault; and a tolerant reader that
 * tells what a message is, its values, and every deviation it tolerated.
 */
import { type Codec, codec as sharedCodec, type Profile } from "./codec.ts";
import type { Deviation } from "./deviations.ts";
import { KitError } from "./errors.ts";
import { mapFor } from "./memo.ts";
import { NS, type OperationInfo, type ParamInfo } from "./schemas.ts";
import { DEFAULT_XML_LIMITS, escapeText, parseXml, type XmlElement, type XmlLimits, xmlSafe } from "./xml.ts";

export const SOAP_CONTENT_TYPE = "text/xml; charset=utf-8";
const ENV_OPEN = `<s:Envelope xmlns:s="${NS.soap}"><s:Body>`;
const ENV_CLOSE = "</s:Body></s:Envelope>";
const ADDRESSING_NONE = "http://schemas.microsoft.com/ws/2005/05/addressing/none";

export interface FaultValue {
  ErrorCode: string;
  Message: string;
}

/** The SOAPAction a client sends for an operation; the guide profile uses the guide's operation name. */
export function soapActionFor(op: OperationInfo, profile: Profile = "wire"): string {
  if (profile === "guide" && op.guideName) return op.action.replace(/\/[^/]+$/, `/${op.guideName}`);
  return op.action;
}

function wrapperName(op: OperationInfo, profile: Profile): string {
  return profile === "guide" && op.guideName ? op.guideName : op.name;
}

function paramsFor(op: OperationInfo, profile: Profile): ParamInfo[] {
  return profile === "guide" && op.guideParams ? op.guideParams : op.params;
}

/** `<s:Envelope><s:Body><{Op} xmlns="…"><args …>…</args></{Op}></s:Body></s:Envelope>` */
export function encodeRequest(
  op: OperationInfo,
  params: Record<string, unknown>,
  profile: Profile = "wire",
  c: Codec = sharedCodec(),
): string {
  const name = wrapperName(op, profile);
  let body = "";
  for (const p of paramsFor(op, profile)) {
    if (!(p.name in params)) {
      throw new KitError("CTIPSKIT_E_ENCODE_INVALID_VALUE", `${op.name} needs its '${p.name}' parameter`, {
        fix: `pass { ${p.name}: … }`,
      });
    }
    body += c.encodePart(p.name, p.type, params[p.name], profile);
  }
  return `${ENV_OPEN}<${name} xmlns="${op.namespace}">${body}</${name}>${ENV_CLOSE}`;
}

/** A SOAPAction header's value without its quotes and surrounding white space. */
export function unquoteSoapAction(header: string): string {
  let v = header;
  if (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32) v = v.trim();
  if (v.charCodeAt(0) === 34) v = v.slice(1);
  if (v.charCodeAt(v.length - 1) === 34) v = v.slice(0, -1);
  return v;
}

/** Int results' envelopes by operation, then `${profile} ${result}`: written once (most are 0). */
const intResponses = new WeakMap<OperationInfo, Map<string, string>>();

/** `<{Op}Response xmlns="…"><{Op}Result>…</{Op}Result></{Op}Response>` */
export function encodeResponse(
  op: OperationInfo,
  result: unknown,
  profile: Profile = "wire",
  c: Codec = sharedCodec(),
): string {
  if (typeof result === "number" && c === sharedCodec()) {
    const byValue = mapFor(intResponses, op);
    const key = `${profile} ${result}`;
    let xml = byValue.get(key);
    if (xml === undefined) {
      xml = writeResponse(op, result, profile, c);
      if (byValue.size < 64) byValue.set(key, xml);
    }
    return xml;
  }
  return writeResponse(op, result, profile, c);
}

/**
 * A response's payload on the timeline, `{ "<Op>Result": result }`, built by a literal per
 * operation: objects of one shape each, cheaper than a computed key every time.
 */
export function resultPayload(operation: string, result: unknown): Record<string, unknown> {
  let make = resultPayloads.get(operation);
  if (!make) {
    const key = `${operation}Result`;
    make = /^\w+$/.test(key)
      ? (new Function("r", `return { ${key}: r };`) as (r: unknown) => Record<string, unknown>)
      : (r) => ({ [key]: r });
    resultPayloads.set(operation, make);
  }
  return make(result);
}
const resultPayloads = new Map<string, (r: unknown) => Record<string, unknown>>();

function writeResponse(op: OperationInfo, result: unknown, profile: Profile, c: Codec): string {
  const name = wrapperName(op, profile);
  const part = c.encodePart(`${name}Result`, op.result, result, profile);
  return `${ENV_OPEN}<${name}Response xmlns="${op.namespace}">${part}</${name}Response>${ENV_CLOSE}`;
}

/**
 * The typed fault every CTIPS operation declares, as WCF writes a FaultException<T>:
 * faultcode s:Client, the message as faultstring, the detail in ctipsapi. A character of the
 * message XML cannot carry (echoed from a peer's request) is written as U+FFFD.
 */
export function encodeFault(
  fault: FaultValue,
  opts: { faultcode?: "Client" | "Server" } = {},
  c: Codec = sharedCodec(),
): string {
  const detail = c.encodeRoot("CTIPortalServiceFault", {
    ErrorCode: fault.ErrorCode,
    Message: xmlSafe(fault.Message),
  });
  return (
    `${ENV_OPEN}<s:Fault><faultcode>s:${opts.faultcode ?? "Client"}</faultcode>` +
    `<faultstring xml:lang="en-US">${escapeText(fault.Message)}</faultstring>` +
    `<detail>${detail}</detail></s:Fault>${ENV_CLOSE}`
  );
}

/** WCF's answer to a SOAPAction no operation claims (HTTP 500). */
export function encodeActionNotSupported(action: string): string {
  const text =
    `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. ` +
    "This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.  " +
    "Check that sender and receiver have the same contract and the same binding (including security requirements, e.g. Message, Transport, None).";
  return (
    `${ENV_OPEN}<s:Fault><faultcode xmlns:a="${ADDRESSING_NONE}">a:ActionNotSupported</faultcode>` +
    `<faultstring xml:lang="en-US">${escapeText(text)}</faultstring></s:Fault>${ENV_CLOSE}`
  );
}

/** A generic SOAP fault without typed detail (malformed requests, internal errors). */
export function encodePlainFault(faultcode: "Client" | "Server", message: string): string {
  return (
    `${ENV_OPEN}<s:Fault><faultcode>s:${faultcode}</faultcode>` +
    `<faultstring xml:lang="en-US">${escapeText(message)}</faultstring></s:Fault>${ENV_CLOSE}`
  );
}

export type DecodedMessage =
  | {
      kind: "request";
      operation: OperationInfo;
      /** Parameter values by wire parameter name (`args`, `ctiEvent`, `sessionId`, `userinfo`). */
      params: Record<string, unknown>;
      /** True when the body used the guide's operation name (PanicLogout, HeartbeatMessage). */
      guideForm: boolean;
      deviations: Deviation[];
    }
  | {
      kind: "response";
      operation: OperationInfo;
      result: unknown;
      guideForm: boolean;
      deviations: Deviation[];
    }
  | {
      kind: "fault";
      faultcode: string;
      faultstring: string;
      /** The CTIPortalServiceFault detail when present. */
      detail?: FaultValue;
      actionNotSupported: boolean;
      deviations: Deviation[];
    };

export interface DecodeOptions {
  limits?: XmlLimits;
  /** The SOAPAction HTTP header, if the transport had one; checked against the body. */
  soapAction?: string;
  /**
   * The operation the SOAPAction names, if the caller looked it up: a body element of its
   * name is taken for it without another lookup. The body still decides.
   */
  operation?: OperationInfo;
  codec?: Codec;
}

function bodyOf(root: XmlElement): XmlElement {
  if (root.local !== "Envelope" || root.ns !== NS.soap) {
    throw new KitError(
      "CTIPSKIT_E_SOAP_NOT_ENVELOPE",
      `expected a SOAP 1.1 Envelope, got <${root.local}> in '${root.ns}'`,
      { fix: `send <Envelope xmlns="${NS.soap}"> with a Body (SOAP 1.1, as BasicHttpBinding)` },
    );
  }
  const body = root.children.find((c) => c.local === "Body" && c.ns === NS.soap);
  if (!body)
    throw new KitError("CTIPSKIT_E_SOAP_NOT_ENVELOPE", "the SOAP Envelope has no Body", {
      fix: "add <s:Body>",
    });
  const first = body.children[0];
  if (!first)
    throw new KitError("CTIPSKIT_E_SOAP_NOT_ENVELOPE", "the SOAP Body is empty", {
      fix: "put the operation element in the Body",
    });
  return first;
}

/** Operation lookup by body element name: wire name, guide name, and their …Response forms. */
function findOperation(
  c: Codec,
  local: string,
): { op: OperationInfo; response: boolean; guide: boolean } | undefined {
  const response = local.endsWith("Response");
  const bare = response ? local.slice(0, -"Response".length) : local;
  const direct = c.contract.operations.get(bare);
  if (direct) return { op: direct, response, guide: false };
  for (const op of c.contract.operations.values())
    if (op.guideName === bare) return { op, response, guide: true };
  return undefined;
}

/** Parses and decodes any CTIPS SOAP message, server or callback side. */
export function decodeMessage(xml: string, opts: DecodeOptions = {}): DecodedMessage {
  const c = opts.codec ?? sharedCodec();
  const root = parseXml(xml, opts.limits ?? DEFAULT_XML_LIMITS);
  const el = bodyOf(root);
  const devs: Deviation[] = [];

  if (el.local === "Fault" && el.ns === NS.soap) {
    const faultcode = el.children.find((x) => x.local === "faultcode")?.text.trim() ?? "";
    const faultstring = el.children.find((x) => x.local === "faultstring")?.text ?? "";
    const detailEl = el.children
      .find((x) => x.local === "detail")
      ?.children.find((x) => x.local === "CTIPortalServiceFault");
    const detail = detailEl
      ? (c.decodeObject(
          detailEl,
          c.contract.type("CTIPortalServiceFault"),
          "Fault/detail/CTIPortalServiceFault",
          devs,
        ) as unknown as FaultValue)
      : undefined;
    return {
      kind: "fault",
      faultcode,
      faultstring,
      detail,
      actionNotSupported: /ActionNotSupported$/.test(faultcode),
      deviations: devs,
    };
  }

  const hint = opts.operation;
  const found =
    hint !== undefined && el.local === hint.name
      ? { op: hint, response: false, guide: false }
      : findOperation(c, el.local);
  if (!found) {
    throw new KitError("CTIPSKIT_E_SOAP_UNKNOWN_BODY", `<${el.local}> is not a CTIPS operation or response`, {
      details: { element: el.local, namespace: el.ns },
      fix: "use one of the 27 CTIPortalService or 3 CTIEventService operations (see docs/spec-notes.md)",
    });
  }
  const { op, response, guide } = found;
  if (guide) {
    devs.push({
      kind: "guide-spelling",
      path: el.local,
      message: `guide operation name ${op.guideName} for ${op.name}`,
      expected: op.name,
      actual: op.guideName,
    });
  }
  if (el.ns !== op.namespace) {
    devs.push({
      kind: "namespace",
      path: el.local,
      message: `${el.local} should be in ${op.namespace}`,
      expected: op.namespace,
      actual: el.ns,
    });
  }
  if (!response && opts.soapAction !== undefined) {
    const action = unquoteSoapAction(opts.soapAction);
    if (action !== op.action) {
      devs.push({
        kind: "soap-action",
        path: el.local,
        message: `SOAPAction '${action}' is not ${op.action}`,
        expected: op.action,
        actual: action,
      });
    }
  }

  if (response) {
    const resultName = `${el.local.slice(0, -"Response".length)}Result`;
    const resEl = el.children.find((x) => x.local === resultName) ?? el.children[0];
    let result: unknown;
    if (!resEl) {
      devs.push({
        kind: "missing-required",
        path: `${el.local}/${resultName}`,
        message: `${resultName} is missing`,
        expected: resultName,
      });
    } else {
      if (resEl.ns !== op.namespace && resEl.ns !== "") {
        devs.push({
          kind: "namespace",
          path: `${el.local}/${resEl.local}`,
          message: `${resEl.local} should be in ${op.namespace}`,
          expected: op.namespace,
          actual: resEl.ns,
        });
      }
      result = c.decodeElement(resEl, op.result, `${el.local}/${resultName}`, devs);
    }
    return { kind: "response", operation: op, result, guideForm: guide, deviations: devs };
  }

  const params: Record<string, unknown> = {};
  const expected = guide && op.guideParams ? op.guideParams : op.params;
  for (const p of expected) {
    let pEl: XmlElement | undefined;
    for (const x of el.children)
      if (x.local === p.name) {
        pEl = x;
        break;
      }
    const path = `${el.local}/${p.name}`;
    if (!pEl) {
      devs.push({
        kind: "missing-required",
        path,
        message: `parameter ${p.name} is missing`,
        expected: p.name,
      });
      continue;
    }
    if (pEl.ns !== op.namespace) {
      devs.push({
        kind: "namespace",
        path,
        message: `${p.name} should be in ${op.namespace}`,
        expected: op.namespace,
        actual: pEl.ns,
      });
    }
    params[p.name] =
      p.type.kind === "data" && p.type.name === "CTIEvent"
        ? c.decodeEvent(pEl, path, devs)
        : c.decodeElement(pEl, p.type, path, devs);
  }
  for (const x of el.children) {
    let known = false;
    for (const p of expected) if (p.name === x.local) known = true;
    if (!known) {
      devs.push({
        kind: "unknown-member",
        path: `${el.local}/${x.local}`,
        message: `${op.name} has no parameter '${x.local}'`,
        actual: x.local,
      });
    }
  }
  return { kind: "request", operation: op, params, guideForm: guide, deviations: devs };
}
