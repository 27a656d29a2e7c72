import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import SuperJSON from "superjson";

export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30 * 1000, retry: (count, error) => count < 2 && !isClientError(error) },
      // Offline, React Query would pause a mutation and leave its button spinning with no word; sent at once, it
      // fails with "Could not reach the server…" beside a form that keeps what was typed, and can be retried.
      mutations: { networkMode: "always" },
      // Only settled queries: server components await their prefetch (src/trpc/server.ts). A pending query streamed
      // to the browser resolves before hydration and the server's loading state no longer matches (React #418).
      dehydrate: { serializeData: SuperJSON.serialize, shouldDehydrateQuery: defaultShouldDehydrateQuery },
      hydrate: { deserializeData: SuperJSON.deserialize },
    },
  });

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { data?: { httpStatus?: unknown } } | null)?.data?.httpStatus;
  return typeof status === "number" ? status : undefined;
}

/** A 4xx answer: the request was refused for a reason the UI shows (a wrong code, a taken load); retrying is futile. */
export function isClientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}

/**
 * An error worth a `console.error`: the server failed (5xx) or no answer came (network failure, aborted stream).
 * Business refusals (4xx) are expected outcomes shown in the UI; logging them as errors would light up the Next.js
 * dev overlay and bury real faults.
 */
export function isUnexpectedError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === undefined || status >= 500;
}
