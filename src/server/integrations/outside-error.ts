// The one error the outside-service clients throw: what went wrong in words the fallback logic and the user can act
// on, never the raw body. `kind` decides the fallback (see src/server/places/*): every kind falls back to the
// offline answer, and "auth" is also logged loudly, since it will not heal by itself.

export type TOutsideErrorKind =
  /** The key is missing, not valid, or not allowed to call this API (HTTP 400 API_KEY_INVALID, 403, REQUEST_DENIED). */
  | "auth"
  /** Over quota or rate limit (HTTP 429 RESOURCE_EXHAUSTED, OVER_QUERY_LIMIT, Open-Meteo 429). */
  | "quota"
  /** The service refused the request as malformed (a bug on our side: logged). */
  | "bad-request"
  /** No such place id. */
  | "not-found"
  /** Unreachable, timed out, 5xx, or an answer we cannot read. */
  | "unavailable";

/** A failed call to `service` ("Google Places", "Open-Meteo"): `kind` decides the fallback, `httpStatus` if any. */
export class OutsideServiceError extends Error {
  readonly service: string;
  readonly kind: TOutsideErrorKind;
  readonly httpStatus: number | null;

  constructor(service: string, kind: TOutsideErrorKind, message: string, httpStatus: number | null = null) {
    super(`${service}: ${message}`);
    this.name = "OutsideServiceError";
    this.service = service;
    this.kind = kind;
    this.httpStatus = httpStatus;
  }
}

/** Narrows an unknown error to OutsideServiceError. */
export function isOutsideServiceError(e: unknown): e is OutsideServiceError {
  return e instanceof OutsideServiceError;
}

/**
 * fetch with a deadline; a network failure or timeout becomes OutsideServiceError "unavailable" (`service` names it).
 * `timeoutMs` defaults to 5 s: the callers are interactive pages.
 */
export async function fetchOutside(service: string, url: URL, init: RequestInit, timeoutMs = 5000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: "no-store" });
  } catch (e) {
    const reason = e instanceof Error && e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : "unreachable";
    throw new OutsideServiceError(service, "unavailable", reason);
  }
}

/** The body as JSON, or OutsideServiceError "unavailable" when it is not JSON. */
export async function jsonBody(service: string, res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    throw new OutsideServiceError(
      service,
      "unavailable",
      `answered ${res.status} with a body that is not JSON`,
      res.status,
    );
  }
}
