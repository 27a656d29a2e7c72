// The error bodies each API really sends. The "New" APIs (Places, Routes) answer with google.rpc.Status JSON and an
// HTTP status (AIP-193); the Geocoding web service answers HTTP 200 with a `status` word and `error_message`;
// Open-Meteo answers 400/429 with `{ error: true, reason }`.
import type { TKeyVerdict } from "./keys";

export type TReply = { status: number; body: unknown; headers?: Record<string, string> };

const rpcStatusByCode: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
};

/** A google.rpc.Status error: `{ error: { code, message, status, details? } }` with HTTP status `code`. */
export function rpcError(code: number, message: string, details?: unknown[]): TReply {
  return {
    status: code,
    body: { error: { code, message, status: rpcStatusByCode[code] ?? "UNKNOWN", ...(details ? { details } : {}) } },
  };
}

function errorInfo(reason: string, service: string, extra: Record<string, string> = {}) {
  return {
    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
    reason,
    domain: "googleapis.com",
    metadata: { service, ...extra },
  };
}

/** The refusal for a key verdict on a "New" API (`service` e.g. places.googleapis.com); null when it may run. */
export function rpcKeyRefusal(verdict: TKeyVerdict, service: string): TReply | null {
  switch (verdict) {
    case "ok":
      return null;
    case "missing":
      return rpcError(403, "The request is missing a valid API key.", [errorInfo("API_KEY_MISSING", service)]);
    case "invalid":
      return rpcError(400, "API key not valid. Please pass a valid API key.", [errorInfo("API_KEY_INVALID", service)]);
    case "blocked":
      return rpcError(403, `Requests to this API ${service} are blocked.`, [
        errorInfo("API_KEY_SERVICE_BLOCKED", service),
      ]);
    case "quota":
      return rpcError(
        429,
        `Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service '${service}'.`,
        [errorInfo("RATE_LIMIT_EXCEEDED", service, { quota_limit: "DefaultRequestsPerMinutePerProject" })],
      );
  }
}

/** The Geocoding web service's refusal for a key verdict (HTTP 200, as Google sends it); null when it may run. */
export function legacyKeyRefusal(verdict: TKeyVerdict): TReply | null {
  const denied = (error_message: string): TReply => ({
    status: 200,
    body: { error_message, results: [], status: "REQUEST_DENIED" },
  });
  switch (verdict) {
    case "ok":
      return null;
    case "missing":
      return denied("You must use an API key to authenticate each request to Google Maps Platform APIs.");
    case "invalid":
      return denied("The provided API key is invalid.");
    case "blocked":
      return denied("This API project is not authorized to use this API.");
    case "quota":
      return {
        status: 200,
        body: {
          error_message: "You have exceeded your rate-limit for this API.",
          results: [],
          status: "OVER_QUERY_LIMIT",
        },
      };
  }
}

/** Open-Meteo's error: HTTP 400 (or 429) with `{ error: true, reason }`. */
export function openMeteoError(reason: string, status = 400): TReply {
  return { status, body: { error: true, reason } };
}

/** AIP-161 partial responses: what Google answers for a request without the required field mask. */
export const MISSING_FIELD_MASK =
  "FieldMask is a required parameter. See https://cloud.google.com/apis/design/design_patterns#partial_response " +
  "on how to specify field mask. See https://developers.google.com/maps/documentation/route-preference on how to " +
  "specify field mask for this API.";
