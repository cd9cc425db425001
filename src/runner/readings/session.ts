/** Readings asserted by features/session/ (see src/runner/readings.ts for what a reading is). */
import { type Reading, r } from "./reading.ts";

export const SESSION_READINGS: readonly Reading[] = [
  // heartbeats
  r(
    "first-heartbeat-promptly",
    "the first heartbeat comes within a second of OnLine, not one heartbeat interval later",
    "'After placing the client application online, the Unified IP CTI Portal Server generates a heartbeat event to the client' (EDK 5-2), and the next ones come 'after a preconfigured time period' (EDK 5-2; default 30, EDK B-1); the guide does not say how soon after OnLine the first one comes",
    "docs/sessions.md#heartbeats",
  ),
  r(
    "heartbeats-stop-offline",
    "an offline session gets no heartbeats; they start again after OnLine",
    "the heartbeat cycle 'must continue for the duration of time that the client session is online' (EDK 5-2) and after OffLine 'the CTIPS no longer accepts requests or sends events' (EDK 5-3); the guide does not say whether heartbeats stop while a session is offline",
    "docs/sessions.md#heartbeats",
  ),
  r(
    "missed-heartbeats-consecutive",
    "only consecutive missed heartbeats count: an answered heartbeat starts the count of missed ones again",
    "the CTIPS allows 'an allowable number of Missed Heartbeats … before considering the session closed' (EDK 5-2; 'number of missed heartbeats' is configured, EDK 1-4); the guide does not say whether the misses must be consecutive",
    "docs/spec-notes.md#17-heartbeats",
  ),
  r(
    "heartbeat-answer-timeout",
    "a heartbeat the client leaves unanswered is missed when the CTIPS's answer timeout (shorter than the interval) runs out: a silent client's session is disposed with at most one more heartbeat sent after its N-th unanswered one",
    "'If the client application does not respond to the Heartbeat event before the timeout period expires, the Unified IP CTI Portal Server closes the connection' (EDK 5-2); the guide gives no timeout period for the answer, so how many heartbeats a silent client still gets is open",
    "docs/spec-notes.md#17-heartbeats",
  ),
  // opening and closing
  r(
    "logon-failed-status",
    "an OpenConnection with a wrong password or an unknown user gets a result without a SessionId and with the status logonFailed, not a fault",
    "'If the OpenConnection request fails then the status field contains a status code that depicts the type of error' (EDK 3-2), but 'if the CTIPS receives bad or incomplete information from the OpenConnection request, it throws a fault exception' (EDK 5-1); the guide names no status code",
    "docs/sessions.md#what-each-request-gets",
  ),
  r(
    "close-while-offline",
    "an offline session may be closed: CloseConnection is accepted while the session is offline",
    "after OffLine 'the CTIPS no longer accepts requests or sends events to the client application with the exception of an OnLine request' (EDK 5-3), yet chapter 5's sequence places a session offline and then closes it (EDK 5-1): the guide contradicts itself",
    "docs/sessions.md#what-each-request-gets",
  ),
  // message classes and filters
  r(
    "filters-combine",
    "several filters combine so: values of one field type are alternatives (an event matching any of them passes), filters of different field types must all pass",
    "AddFilter narrows the events to 'a specific agent, service, or switch id' (EDK 3-5) and 'the client can add more than one filter' (EDK 5-4); the guide does not say how several filters combine",
    "docs/filters.md",
  ),
  r(
    "system-events-need-subscription",
    "system events (LinkStatus) reach only the sessions that added EventCategorySystem",
    "AddMessageClass offers EventCategorySystem as a class to register for (EDK 3-4, 5-2), but PublishCTIEvent sends 'an event to which the client has subscribed or a system event' (EDK 4-1), which reads as system events going to every session: the guide contradicts itself",
    "docs/filters.md",
  ),
  // snapshots
  r(
    "snapshot-to-requester-only",
    "SnapShotUpdates go only to the session that sent the Snapshot, not to other sessions subscribed to system events",
    "the SnapshotUpdate event 'is generated in response to a client issuing a Snapshot request' (EDK 4-27) and is a system event (EDK 4-3); the guide does not say whether other sessions subscribed to system events receive it",
    "docs/sessions.md#what-each-request-gets",
  ),
  r(
    "snapshot-empty-type",
    "a requested entity type with nothing to report (no agent logged in) still gets one SnapShotUpdate, without data, carrying the completion flag",
    "the CTIPS 'sends a SnapShotUpdate event for every active call, agent logged in, or service' (EDK 5-3) and the completion flag says 'all SnapShotUpdate events for all SnapShotTypes requested were sent' (EDK 4-27); the guide does not say what a type with nothing to report gets",
    "docs/sessions.md#what-each-request-gets",
  ),
];
