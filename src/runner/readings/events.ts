/** Readings asserted by features/events/ (see src/runner/readings.ts for what a reading is). */
import type { Reading } from "./reading.ts";

export const EVENTS_READINGS: readonly Reading[] = [];
