/**
 * One client session of the mock CTIPS: its explicit state, subscriptions, the ordered
 * event queue with one PublishCTIEvent in flight, and the heartbeat loop.
 * States: opened → online ⇄ offline → closed (style.md #7).
 * @see EDK 3-2 … 3-6, EDK 5-1 … 5-5, docs/sessions.md
 */
import { Codec, type Profile } from "../contract/codec.ts";
import { KitError } from "../contract/errors.ts";
import type { Logger } from "../contract/logger.ts";
import { contract, type OperationInfo } from "../contract/schemas.ts";
import { encodeRequest } from "../contract/soap.ts";
import type { Timeline } from "../timeline/timeline.ts";
import { CallbackChannel } from "./callbacks.ts";
import type { MockConfig } from "./config.ts";
import type { Fault, FaultRegistry } from "./faults.ts";
import type { FieldType, Subscription } from "./filters.ts";

export type SessionState = "opened" | "online" | "offline" | "closed";

const TRANSITIONS: Record<SessionState, SessionState[]> = {
  opened: ["online", "closed"],
  online: ["offline", "online", "closed"],
  offline: ["online", "offline", "closed"],
  closed: [],
};

export interface QueuedEvent {
  type: string;
  value: Record<string, unknown>;
}

export interface SessionDeps {
  config: MockConfig;
  timeline: Timeline;
  faults: FaultRegistry;
  logger: Logger;
  /** Called once when the session ends for any reason (close, dispose). */
  onClosed(session: MockSession): void;
}

/** Codecs that write wrong XML on purpose, for the omit-field and wire-order faults. */
const lenientCodec = new Codec(undefined, { skipMissingRequired: true });
const reversedCodec = new Codec(undefined, { reverseMembers: true, skipMissingRequired: true });

const envelopes = new WeakMap<object, { type: string; profile: Profile; xml: string }>();

/** The PublishCTIEvent envelope of an event value, written once per value object. */
function sharedEnvelope(type: string, value: Record<string, unknown>, profile: Profile): string {
  const known = envelopes.get(value);
  if (known && known.type === type && known.profile === profile) return known.xml;
  const xml = encodeRequest(publishOp(), { ctiEvent: { type, value } }, profile);
  envelopes.set(value, { type, profile, xml });
  return xml;
}

let publishInfo: OperationInfo | undefined;
function publishOp(): OperationInfo {
  publishInfo ??= contract().operation("PublishCTIEvent");
  return publishInfo;
}

export class MockSession implements Subscription {
  state: SessionState = "opened";
  readonly categories = new Set<string>();
  readonly filters = new Map<FieldType, Set<string>>();
  readonly channel: CallbackChannel;
  /** Consecutive heartbeats not answered in time. */
  missedHeartbeats = 0;
  heartbeatsSent = 0;
  private queue: QueuedEvent[] = [];
  private inFlight = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private heartbeatEpoch = 0;
  private heldForReorder: QueuedEvent | undefined;

  constructor(
    readonly id: string,
    readonly userName: string,
    readonly callbackUrl: string,
    private readonly deps: SessionDeps,
  ) {
    this.channel = new CallbackChannel({
      url: callbackUrl,
      sessionId: id,
      profile: deps.config.profile,
      timeline: deps.timeline,
      timeoutMs: deps.config.callbackTimeoutMs,
      tls: deps.config.callbackTls,
    });
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Events not yet answered by the client: queued, and the one in flight. */
  get pending(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  /** Moves to `next` or throws CTIPSKIT_E_ILLEGAL_STATE naming both states. */
  transition(next: SessionState, reason: string): void {
    if (!TRANSITIONS[this.state].includes(next)) {
      throw new KitError(
        "CTIPSKIT_E_ILLEGAL_STATE",
        `session ${this.id} cannot go from ${this.state} to ${next}`,
        {
          details: { session: this.id, from: this.state, to: next },
        },
      );
    }
    const from = this.state;
    this.state = next;
    this.deps.timeline.append({
      direction: "out",
      kind: "note",
      code: "session-state",
      session: this.id,
      message: `${from} → ${next}: ${reason}`,
      payload: { from, to: next, reason },
    });
    if (next === "online" && from !== "online") this.startHeartbeats();
    if (next !== "online") this.stopHeartbeats();
    if (next === "closed") {
      this.queue = [];
      void this.channel.close();
      this.deps.onClosed(this);
    }
  }

  /** Ends the session by the server's decision (missed heartbeats, overflow), recorded. */
  dispose(reason: string, details: Record<string, unknown> = {}): void {
    if (this.state === "closed") return;
    this.deps.timeline.append({
      direction: "out",
      kind: "note",
      code: "session-disposed",
      session: this.id,
      message: `session disposed: ${reason}`,
      payload: { reason, ...details },
    });
    this.deps.logger.info("session disposed", { session: this.id, reason, ...details });
    this.transition("closed", reason);
  }

  /** Queues an event for delivery in order; applies the overflow policy at the limit. */
  enqueue(ev: QueuedEvent): void {
    if (this.state === "closed") return;
    const { queueLimit, overflowPolicy } = this.deps.config;
    if (this.queue.length >= queueLimit) {
      if (overflowPolicy === "close-session") {
        this.dispose("event-queue-overflow", { queueLimit });
        return;
      }
      this.deps.timeline.append({
        direction: "out",
        kind: "note",
        code: "event-dropped",
        session: this.id,
        name:
          overflowPolicy === "drop-oldest"
            ? (this.queue[0]?.value.EventType as string)
            : (ev.value.EventType as string),
        message: `event queue full (${queueLimit}); ${overflowPolicy}`,
      });
      if (overflowPolicy === "drop-newest") return;
      this.queue.shift();
    }
    this.queue.push(ev);
    if (!this.inFlight) {
      this.inFlight = true;
      // Start on a microtask: the events of one simulator step are enqueued synchronously, so
      // the whole step is queued before the first is sent (reorder-events needs the next one).
      queueMicrotask(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length && this.state !== "closed") {
        const ev = this.queue.shift()!;
        await this.deliver(ev);
      }
    } finally {
      this.inFlight = false;
    }
  }

  private note(code: string, message: string, eventType?: string): void {
    this.deps.timeline.append({
      direction: "out",
      kind: "note",
      code,
      session: this.id,
      name: eventType,
      message,
    });
  }

  /** Applies event faults, then publishes. */
  private async deliver(ev: QueuedEvent): Promise<void> {
    const faults = this.deps.faults;
    const eventType = ev.value.EventType as string;
    const ctx = { session: this.id, eventType };
    if (faults.size) {
      if (faults.take("drop-events", ctx)) {
        this.note("fault-injected", "drop-events", eventType);
        return;
      }
      // Applied (and counted) only when a next event is queued to overtake this one.
      if (!this.heldForReorder && this.queue.length && faults.take("reorder-events", ctx)) {
        // Hold this one back and send the next first.
        this.heldForReorder = ev;
        this.note("fault-injected", "reorder-events", eventType);
        const next = this.queue.shift()!;
        await this.deliver(next);
        const held = this.heldForReorder;
        this.heldForReorder = undefined;
        if (held) await this.publish(held, ctx);
        return;
      }
      const delay = faults.take("delay-events", ctx);
      if (delay) {
        this.note("fault-injected", `delay-events ${delay.params.ms} ms`, eventType);
        await new Promise((r) => setTimeout(r, delay.params.ms as number));
      }
      await this.publish(ev, ctx);
      if (faults.take("duplicate-events", ctx)) {
        this.note("fault-injected", "duplicate-events", eventType);
        await this.publish(ev, ctx);
      }
      return;
    }
    await this.publish(ev, ctx);
  }

  private async publish(ev: QueuedEvent, ctx: { session: string; eventType: string }): Promise<void> {
    const faults = this.deps.faults;
    let value = ev.value;
    let c: Codec | undefined;
    let corruptText: { field: string; text: string } | undefined;
    let extra: Fault | undefined;
    let unprefixed = false;
    if (faults.size) {
      const omit = faults.take("omit-field", ctx);
      if (omit) {
        value = { ...value };
        delete value[omit.params.field as string];
        c = lenientCodec;
        this.note("fault-injected", `omit-field ${omit.params.field}`, ctx.eventType);
      }
      const corrupt = faults.take("corrupt-field", ctx);
      if (corrupt) {
        corruptText = { field: corrupt.params.field as string, text: corrupt.params.value as string };
        c ??= lenientCodec;
        this.note("fault-injected", `corrupt-field ${corruptText.field}`, ctx.eventType);
      }
      if (faults.take("wire-order", ctx)) {
        c = reversedCodec;
        this.note("fault-injected", "wire-order", ctx.eventType);
      }
      if (faults.take("omit-optional", ctx)) {
        const optional = contract()
          .type(ev.type)
          .members.filter((m) => !m.required && m.name in value)
          .map((m) => m.name);
        value = Object.fromEntries(Object.entries(value).filter(([k]) => !optional.includes(k)));
        c ??= lenientCodec;
        this.note(
          "fault-injected",
          `omit-optional ${optional.join(", ") || "(the event has no optional member: sent unchanged)"}`,
          ctx.eventType,
        );
      }
      extra = faults.take("extra-member", ctx);
      unprefixed = faults.take("unprefixed-xsi-type", ctx) !== undefined;
    }
    let xml: string | undefined;
    if (c) {
      xml = encodeRequest(
        c.contract.operation("PublishCTIEvent"),
        { ctiEvent: { type: ev.type, value } },
        this.deps.config.profile,
        c,
      );
      if (corruptText) {
        // Written as text into the valid envelope, so any value fits: an enum name that does
        // not exist, letters in an int. The entry records the member as sent.
        const corrupted = replaceMemberText(xml, corruptText.field, corruptText.text);
        if (corrupted === undefined)
          this.note(
            "fault-injected",
            `corrupt-field ${corruptText.field}: the event has no such member; sent unchanged`,
            ctx.eventType,
          );
        else {
          xml = corrupted;
          value = { ...value, [corruptText.field]: corruptText.text };
        }
      }
    }
    // An event the core shares between sessions (RequestId 0) is encoded once for all of them.
    xml ??= sharedEnvelope(ev.type, value, this.deps.config.profile);
    if (extra) {
      const member = (extra.params.member as string | undefined) ?? "KitExtensionMember";
      xml = withExtraMember(xml, ev.type, member, (extra.params.value as string | undefined) ?? "extension");
      this.note("fault-injected", `extra-member ${member}`, ctx.eventType);
    }
    if (unprefixed) {
      const changed = withUnprefixedXsiType(xml, ev.type);
      this.note(
        "fault-injected",
        changed
          ? "unprefixed-xsi-type"
          : "unprefixed-xsi-type: the default namespace there is not the type's; sent unchanged",
        ctx.eventType,
      );
      xml = changed ?? xml;
    }
    const { outcome } = await this.channel.call(
      "PublishCTIEvent",
      { ctiEvent: { type: ev.type, value } },
      {
        name: value.EventType as string,
        eventType: ev.type,
        requestId: value.RequestId as number,
        callId: typeof value.CallId === "number" ? value.CallId : undefined,
        agentId: typeof value.AgentId === "number" ? value.AgentId : undefined,
        payload: value,
      },
      xml,
    );
    if (!outcome.ok)
      this.deps.logger.debug("event delivery failed", {
        session: this.id,
        reason: outcome.reason,
        message: outcome.message,
      });
  }

  // ---------------------------------------------------------------- heartbeats

  private startHeartbeats(): void {
    this.stopHeartbeats();
    const epoch = ++this.heartbeatEpoch;
    const configured = this.deps.config.heartbeatIntervalMs;
    let anchor = performance.now();
    let rate = configured;
    let k = 0;
    const schedule = () => {
      if (epoch !== this.heartbeatEpoch || this.state !== "online") return;
      const f = this.deps.faults.take("heartbeat-interval", { session: this.id });
      const interval = f ? (f.params.ms as number) : configured;
      if (f) this.note("fault-injected", `heartbeat-interval ${interval} ms`);
      if (interval !== rate) {
        // A new rate (the fault added or removed) counts from the last heartbeat.
        anchor = performance.now();
        rate = interval;
        k = 0;
      }
      k++;
      // Fixed-rate schedule (no drift); an overrun skips ahead, it does not burst.
      let due = anchor + k * interval - performance.now();
      if (due < 0) {
        k += Math.ceil(-due / interval);
        due = anchor + k * interval - performance.now();
      }
      this.heartbeatTimer = setTimeout(
        () => {
          void this.beat();
          schedule();
        },
        Math.max(0, due),
      );
    };
    schedule();
  }

  private stopHeartbeats(): void {
    this.heartbeatEpoch++;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private async beat(): Promise<void> {
    if (this.state !== "online") return;
    if (this.deps.faults.take("stop-heartbeats", { session: this.id })) {
      this.note("fault-injected", "stop-heartbeats");
      return;
    }
    this.heartbeatsSent++;
    const { config } = this.deps;
    const params = config.profile === "guide" ? {} : { sessionId: this.id };
    // Default: 80 % of the interval, so the N-th miss is judged (and the session disposed)
    // before the next heartbeat is due, never at the same moment.
    const timeout = config.heartbeatTimeoutMs || Math.max(1, Math.floor(config.heartbeatIntervalMs * 0.8));
    const race = await Promise.race([
      this.channel.call("Heartbeat", params, { name: "Heartbeat" }).then((r) => r.outcome),
      new Promise<"late">((r) => setTimeout(() => r("late"), timeout).unref()),
    ]);
    if ((this.state as SessionState) === "closed") return;
    if (race !== "late" && race.ok) {
      this.missedHeartbeats = 0;
      return;
    }
    this.missedHeartbeats++;
    this.deps.timeline.append({
      direction: "out",
      kind: "note",
      code: "heartbeat-missed",
      session: this.id,
      message: `heartbeat missed (${this.missedHeartbeats} of ${config.missedHeartbeats}): ${race === "late" ? `no answer within ${timeout} ms` : race.message}`,
      payload: { missed: this.missedHeartbeats, limit: config.missedHeartbeats },
    });
    if (this.missedHeartbeats >= config.missedHeartbeats) {
      this.dispose("missed-heartbeats", { missed: this.missedHeartbeats });
    }
  }
}

/**
 * Replaces the text of the event's top-level member `field` (a direct child of `<ctiEvent>`)
 * with `text`, escaped; undefined when the event has no such member.
 */
const escapeXml = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The event with one more member at its end, in the event type's namespace: what a CTIPS of
 * a later version sends (DataContractSerializer skips members it does not know).
 */
function withExtraMember(xml: string, type: string, member: string, value: string): string {
  const end = xml.lastIndexOf("</ctiEvent>");
  if (end < 0) return xml;
  const ns = contract().type(type).namespace;
  return `${xml.slice(0, end)}<${member} xmlns="${ns}">${escapeXml(value)}</${member}>${xml.slice(end)}`;
}

/**
 * The ctiEvent's xsi:type as an unprefixed QName (`i:type="CTICallStarted"`), which resolves
 * against the default namespace in scope: done only when that is the type's own namespace,
 * so the QName still names the same type. Undefined when it is not.
 */
function withUnprefixedXsiType(xml: string, type: string): string | undefined {
  const start = xml.indexOf("<ctiEvent");
  if (start < 0) return undefined;
  const defaults = [...xml.slice(0, start).matchAll(/\sxmlns="([^"]*)"/g)];
  const inScope = defaults.at(-1)?.[1];
  if (inScope !== contract().type(type).namespace) return undefined;
  const tagEnd = xml.indexOf(">", start);
  const tag = xml.slice(start, tagEnd);
  const unprefixed = tag.replace(/(\s[\w.-]+:type=")[\w.-]+:([\w.-]+")/, "$1$2");
  if (unprefixed === tag) return undefined;
  return xml.slice(0, start) + unprefixed + xml.slice(tagEnd);
}

function replaceMemberText(xml: string, field: string, text: string): string | undefined {
  const start = xml.indexOf("<ctiEvent");
  if (start < 0) return undefined;
  const tag = /<(\/?)([\w.-]+:)?([\w.-]+)([^>]*?)(\/?)>/g;
  tag.lastIndex = start;
  let depth = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [whole, closing, prefix = "", local, attrs, selfClosing] = m;
    if (closing) {
      depth--;
      if (depth === 0) return undefined;
      continue;
    }
    if (depth === 1 && local === field) {
      const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      const open = `<${prefix}${local}${attrs.replace(/\s+\w+:nil="true"/, "")}>`;
      const end = selfClosing
        ? m.index + whole.length
        : xml.indexOf(`</${prefix}${local}>`, m.index) + `</${prefix}${local}>`.length;
      return `${xml.slice(0, m.index)}${open}${escaped}</${prefix}${local}>${xml.slice(end)}`;
    }
    if (!selfClosing) depth++;
  }
  return undefined;
}
