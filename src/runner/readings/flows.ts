/** Readings asserted by features/flows/ (see src/runner/readings.ts for what a reading is). */
import type { Reading } from "./reading.ts";

export const FLOWS_READINGS: readonly Reading[] = [];
