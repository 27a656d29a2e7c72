// Calls to the "New" Google APIs (Places API (New), Routes API, Weather API): key and field mask in headers, JSON in and out,
// and their google.rpc.Status errors turned into OutsideServiceError kinds.
import { z } from "zod";

import { fetchOutside, jsonBody, OutsideServiceError } from "../outside-error";
import { googleUrl, type TGoogleApi, type TGoogleConfig } from "./config";

const ZRpcErrorSchema = z.object({
  error: z.object({
    code: z.number(),
    message: z.string().default(""),
    status: z.string().default(""),
    details: z.array(z.object({ reason: z.string().optional() }).loose()).optional(),
  }),
});

/** The error kind for a google.rpc.Status answer (AIP-193), by HTTP status and ErrorInfo reason. */
function kindOf(status: number, reasons: string[]): OutsideServiceError["kind"] {
  if (reasons.some((r) => r.startsWith("API_KEY_")) || status === 401 || status === 403) return "auth";
  if (status === 429) return "quota";
  if (status === 404) return "not-found";
  if (status >= 400 && status < 500) return "bad-request";
  return "unavailable";
}

export type TRpcCall = {
  api: TGoogleApi;
  /** Names the API in errors and logs: "Google Places", "Google Routes". */
  service: string;
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The response field mask; the Weather API takes none. */
  fieldMask?: string;
  timeoutMs?: number;
};

/** Makes one call; resolves with the parsed JSON of a 2xx answer, else throws OutsideServiceError. */
export async function callGoogleRpc(config: TGoogleConfig, call: TRpcCall): Promise<unknown> {
  const url = googleUrl(config, call.api, call.path);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
  const res = await fetchOutside(
    call.service,
    url,
    {
      method: call.method,
      headers: {
        "X-Goog-Api-Key": config.apiKey,
        ...(call.fieldMask !== undefined ? { "X-Goog-FieldMask": call.fieldMask } : {}),
        ...(call.body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
    },
    call.timeoutMs,
  );
  const body = await jsonBody(call.service, res);
  if (res.ok) return body;
  const parsed = ZRpcErrorSchema.safeParse(body);
  const reasons = parsed.success ? (parsed.data.error.details ?? []).flatMap((d) => (d.reason ? [d.reason] : [])) : [];
  const message = parsed.success
    ? `${parsed.data.error.status || res.status}: ${parsed.data.error.message}`
    : `answered ${res.status}`;
  throw new OutsideServiceError(call.service, kindOf(res.status, reasons), message, res.status);
}

/** A response that does not have the shape we asked for: "unavailable" (never half-trusted). */
export function unreadable(service: string, error: z.ZodError): OutsideServiceError {
  return new OutsideServiceError(service, "unavailable", `unexpected answer: ${z.prettifyError(error).slice(0, 200)}`);
}
