/** Readings asserted by features/session/ (see src/runner/readings.ts for what a reading is). */
import type { Reading } from "./reading.ts";

export const SESSION_READINGS: readonly Reading[] = [];
