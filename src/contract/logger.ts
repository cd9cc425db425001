/**
 * The structured logger every part receives (only src/cli/ decides where lines go).
 * Levels follow the CTIPS guide's log levels: error, init, trace.
 * @see EDK 1-4 ("ERROR, INIT, TRACE")
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** error: failures only; init: plus start-up, sessions opening and closing; trace: every exchange. */
export type LogLevel = "error" | "init" | "trace";

export interface LogRecord {
  level: "error" | "warn" | "info" | "debug";
  msg: string;
  fields?: Record<string, unknown>;
}

export const nullLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const SECRET_KEYS = /^(password|passwd|secret|key|privatekey|authorization)$/i;

/** Replaces the values of secret-looking keys, at any depth, with "***". */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? "***" : redact(v, depth + 1);
  return out;
}

const RANK = { error: 0, warn: 0, info: 1, debug: 2 } as const;
const LEVEL_RANK: Record<LogLevel, number> = { error: 0, init: 1, trace: 2 };

/** A logger that filters by the guide's level and hands redacted records to `sink`. */
export function createLogger(level: LogLevel, sink: (r: LogRecord) => void): Logger {
  const max = LEVEL_RANK[level];
  const emit = (l: LogRecord["level"]) => (msg: string, fields?: Record<string, unknown>) => {
    if (RANK[l] > max) return;
    sink(fields ? { level: l, msg, fields: redact(fields) as Record<string, unknown> } : { level: l, msg });
  };
  return { error: emit("error"), warn: emit("warn"), info: emit("info"), debug: emit("debug") };
}
