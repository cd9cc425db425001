/** Readings asserted by features/client/ and the client checks (see src/runner/readings.ts). */
import { type Reading, r } from "./reading.ts";

export const CLIENT_READINGS: readonly Reading[] = [
  r(
    "desktop-logs-out",
    "an agent desktop logs its agents out (LogoutAgent) before it closes its session at shut-down",
    "LogoutAgent logs 'a currently logged in agent' out (EDK 3-8, C-2); chapter 5's shut-down sequence names only OffLine and CloseConnection, and no page says a client must log its agents out when it leaves",
    "docs/certify-client.md#what-is-graded",
  ),
  r(
    "snapshot-after-link-up",
    "a client takes a new Snapshot after LinkStatus reports a link up again (what it knew may be stale)",
    "LinkStatus 'informs the CTIPS client that CTIPS has lost its connection to the Unified IP system' (EDK 4-28); the guide asks for a snapshot after a reconnection (EDK 1-2), and says nothing of what a client does when a link comes back",
    "docs/certify-client.md#what-is-graded",
  ),
];
