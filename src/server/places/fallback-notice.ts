// What a user is told when a Google-backed feature falls back to its offline answer, and what the log says.
import type { OutsideServiceError } from "~/server/integrations/outside-error";
import { logger } from "~/server/log/logger";

const why: Record<OutsideServiceError["kind"], string> = {
  auth: "the server's Google key was refused",
  quota: "the Google quota is used up for now",
  "bad-request": "Google refused the request",
  "not-found": "Google did not know the place",
  unavailable: "Google could not be reached",
};

/** "Address search is using the offline list of cities and ZIP codes: the server's Google key was refused." */
export function fallbackNotice(feature: string, offline: string, error: OutsideServiceError): string {
  return `${feature} is using ${offline}: ${why[error.kind]}.`;
}

/**
 * Logs a fallback: a refused key or a malformed request will not heal by itself, so those are errors (an operator
 * must act); quota and outages are warnings.
 */
export function logFallback(error: OutsideServiceError): void {
  const level = error.kind === "auth" || error.kind === "bad-request" ? "error" : "warn";
  logger[level](
    { module: "places", kind: error.kind },
    `places: falling back offline (${error.kind}): ${error.message}`,
  );
}
