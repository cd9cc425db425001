/** The CTIPS contract: schemas registry, codec, SOAP envelopes, XML reader, errors. */
export { Codec, type CodecOptions, codec, type EventValue, type Profile } from "./codec.ts";
export type { Deviation, DeviationKind } from "./deviations.ts";
export { ERROR_CODES, type ErrorCode, isKitError, KitError } from "./errors.ts";
export {
  type Contract,
  contract,
  type EnumInfo,
  loadContract,
  type MemberInfo,
  NS,
  type OperationInfo,
  type TypeInfo,
  type WireType,
} from "./schemas.ts";
export {
  type DecodedMessage,
  decodeMessage,
  encodeActionNotSupported,
  encodeFault,
  encodePlainFault,
  encodeRequest,
  encodeResponse,
  resultPayload,
  type FaultValue,
  SOAP_CONTENT_TYPE,
  soapActionFor,
} from "./soap.ts";
export { DEFAULT_XML_LIMITS, parseXml, type XmlElement, type XmlLimits } from "./xml.ts";
export { buildWsdl, type WsdlBundle } from "./wsdl.ts";
