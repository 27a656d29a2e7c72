// One id per HTTP request, made by the proxy (src/proxy.ts) and passed to the route on the request's `x-request-id`
// header, so the access log line, every log line of the request, Sentry's event and the "reference: …" a user sees
// all name the same request.

/** The header carrying the id: on the request (proxy -> route) and on every response. */
export const REQUEST_ID_HEADER = "x-request-id";

// The proxy overwrites whatever a client sent, so a well-formed header here is the proxy's; the shape check only
// keeps a request that bypassed the proxy (a test calling a route directly) from logging arbitrary text.
const WELL_FORMED = /^[A-Za-z0-9_-]{8,64}$/;

/** A new request id: 16 random bytes as 22 base64url characters. */
export function newRequestId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
}

/** The request's id from its `x-request-id` header when well formed (8-64 of [A-Za-z0-9_-]); else a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && WELL_FORMED.test(given) ? given : newRequestId();
}
