import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import SuperJSON from "superjson";

export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30 * 1000, retry: (count, error) => count < 2 && !isClientError(error) },
      dehydrate: {
        serializeData: SuperJSON.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
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
