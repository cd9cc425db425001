/**
 * OpenConnection's result, the SessionObject: a SessionId and a ResponseCode. The one rule
 * the recording client, the recording proxy and the checks share for "a session was granted".
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * The SessionId an OpenConnection result grants, or undefined: a non-empty SessionId with
 * a success status — 0, the wire's `_success`, or `success` (101), or none at all.
 * @see EDK 3-2
 */
export function grantedSessionId(result: unknown): string | undefined {
  if (!isObject(result) || typeof result.SessionId !== "string" || result.SessionId === "") return undefined;
  const code = result.Response;
  const ok = code === undefined || code === null || code === 0 || code === "_success" || code === "success";
  return ok ? result.SessionId : undefined;
}
