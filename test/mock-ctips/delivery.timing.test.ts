/** Delivery isolation, measured: one file at a time (vitest project "timing"). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MockCtips } from "../../src/mock-ctips/index.ts";
import { CREDS, call, type FakeClient, openSession, startFakeClient, startTestMock } from "./fake-client.ts";

let mock: MockCtips;
let client: FakeClient;
beforeEach(async () => {
  mock = await startTestMock({ callbackTimeoutMs: 5000 });
  client = await startFakeClient();
});
afterEach(async () => {
  await mock.close();
  await client.close();
});

describe("delivery", () => {
  it("does not let a client that stops answering delay another session", async () => {
    const slow = await startFakeClient();
    slow.mode.event = "ignore";
    try {
      const r = await call(mock, "OpenConnection", {
        TenantIds: [1],
        UserCredentials: CREDS,
        ClientCallbackURL: slow.url,
      });
      const slowId = (r as { result: { SessionId: string } }).result.SessionId;
      await call(mock, "AddMessageClass", {
        SessionId: slowId,
        TenantId: 1,
        MessageClass: "EventCategorySystem",
      });
      await call(mock, "OnLine", { SessionId: slowId, TenantId: 1 });
      await openSession(mock, client, { categories: ["EventCategorySystem"] });
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) mock.control.setLink("Gateway", i % 2 ? "up" : "down");
      await client.waitFor((c) => c.op === "PublishCTIEvent", 5000, 50);
      const elapsed = performance.now() - t0;
      // The slow client holds its first event; the rest wait behind it in its own queue.
      expect(slow.callbacks.filter((c) => c.op === "PublishCTIEvent")).toHaveLength(1);
      // The healthy session got all 50 long before the 5 s timeout the slow one is stuck in.
      expect(elapsed).toBeLessThan(2500);
    } finally {
      await slow.close();
    }
  });
});
