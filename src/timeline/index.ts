export type { Direction, EntryKind, NewEntry, PeerRole, TimelineEntry } from "./entry.ts";
export {
  type EntryPredicate,
  parseTimeline,
  readTimeline,
  Timeline,
  type TimelineOptions,
} from "./timeline.ts";
