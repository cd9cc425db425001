/** Readings asserted by features/flows/ (see src/runner/readings.ts for what a reading is). */
import { type Reading, r } from "./reading.ts";

export const FLOWS_READINGS: readonly Reading[] = [
  r(
    "routed-call-delivered",
    "a call routed to a service, by a RouteSelect or by default routing, is queued to that service (CallDelivered) before an agent is presented it",
    "RouteUsed 'logically completes' the RouteSelect and then 'a Call Connected event is sent' (EDK 2-5); default routing is 'the default routing action as configured in the inbound service' (EDK 4-23); the diagrams of E-3 and E-4 are missing from the text, and the guide does not say whether a routed call is queued again",
    "docs/flows.md#e-3-route-select-to-an-invalid-destination",
  ),
  r(
    "unmanned-service-transfer",
    "a blind transfer to an unmanned service either reroutes the call (CallTransferred, then the call is queued to the service's reroute target and presented to an agent there) or fails (CallRequestFailed) and leaves the call with the transferring agent; either way the customer's call goes on",
    "E-9's title says 'Agent performs blind transfer to an unmanned service. Reroute logic is executed for unmanned service' (EDK E-9); its diagram is missing from the text, and the guide does not say where rerouting sends the call nor which events show it",
    "docs/flows.md#e-9-blind-transfer-to-an-unmanned-service",
  ),
  r(
    "conference-customer-hangup",
    "when the customer hangs up a three-way conference the whole call clears: each agent's leg gets a CallCleared (FarEnd, that agent's AgentId) and the agent wraps, the agents in either order, and CallEnd follows",
    "the titles of E-10 and E-12 say only 'Customer hangs up first' (EDK E-10, E-12), their diagrams are missing from the text; ClearingPartyType is FarEnd 'depending on whether the agent or customer hangs up the call first' (EDK 4-9) and CallEnd comes 'when all connections to a call have been cleared' (EDK 4-16); the guide does not say whether the agents stay connected to each other, nor how their legs are reported",
    "docs/flows.md#e-10-3-way-conference-with-a-service-the-customer-hangs-up-first",
  ),
];
