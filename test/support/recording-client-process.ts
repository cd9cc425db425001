/**
 * The recording client as a process of its own, recording to a JSONL file, for the kill -9
 * test (test/integration/durability.test.ts):
 *   node --import tsx test/support/recording-client-process.ts ENDPOINT FILE [CATEGORY …]
 * Opens one session (default EventCategorySystem), prints `session SESSIONID`, then answers
 * callbacks until killed.
 */
import { createRecordingClient } from "../../src/mock-client/index.ts";
import { defaultMockConfig } from "../../src/mock-ctips/config.ts";
import { Timeline } from "../../src/timeline/timeline.ts";

const [endpoint, file, ...categories] = process.argv.slice(2);
if (!endpoint || !file) {
  console.error("usage: recording-client-process.ts ENDPOINT FILE [CATEGORY …]");
  process.exit(2);
}
const client = await createRecordingClient({
  target: endpoint,
  credentials: defaultMockConfig.users[0],
  tenantId: defaultMockConfig.tenantId,
  timeline: new Timeline({ recorder: "client", file, retain: 1_000 }),
});
const session = await client.openSession({
  categories: categories.length ? categories : ["EventCategorySystem"],
});
console.log(`session ${session.sessionId}`);
