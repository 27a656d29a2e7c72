// The one read of a tracking link for the page, its metadata and its preview image: through `tracking.get`, whose
// output schema is the guarantee that no personal data leaves, never from the database directly. Through the plain
// caller (not ~/trpc/server's hydration helpers): the page hydrates no query, and so ships no TanStack Query.
import "server-only";

import { caller, loadOrNull } from "~/trpc/server-caller";
import { notFound } from "next/navigation";

/**
 * The live tracking view for `token`, or null when the link is not one we issued (unknown or malformed) or has
 * expired: both are "not found" to the public, with the same answer.
 */
export async function findTracking(token: string) {
  const t = await loadOrNull("tracking.get", { token }, caller.tracking.get);
  return t?.state === "ok" ? t : null;
}

/** `findTracking`, or the 404 page (HTTP 404) for an unknown, malformed or expired link. */
export async function loadTrackingOrNotFound(token: string) {
  return (await findTracking(token)) ?? notFound();
}
