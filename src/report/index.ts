/**
 * The report pictures: pure functions from a recorded timeline to self-contained SVG, for
 * Allure attachments (`image/svg+xml`) and for people reading a failed scenario.
 * @see docs/report-pictures.md
 */
export { CORRELATION_DEFAULTS, type CorrelationTableOptions, correlationTable } from "./correlation.ts";
export { MEMORY_DEFAULTS, type MemoryChartOptions, type MemoryChartSample, memoryChart } from "./memory.ts";
export { HEARTBEAT_DEFAULTS, type HeartbeatChartOptions, heartbeatChart } from "./heartbeat.ts";
export { SEQUENCE_DEFAULTS, type SequenceDiagramOptions, sequenceDiagram } from "./sequence.ts";
export { cleanEntries, esc, PALETTE, textWidth } from "./svg.ts";
