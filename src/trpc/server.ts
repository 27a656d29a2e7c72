import "server-only";

import { createHydrationHelpers } from "@trpc/react-query/rsc";

import type { AppRouter } from "~/server/api/root";
import { caller, getQueryClient } from "./server-caller";

export { loadOrNotFound, loadOrNull } from "./server-caller";

/**
 * Server components read through `api` (the server-side caller, which runs each procedure's checks and output
 * schema) and hand data to client components in ONE way: `await api.x.prefetch(input)` (or `loadOrNotFound`
 * from ./server-caller.ts for the thing a page is about), render inside `<HydrateClient>`, and read it in the client component with
 * `api.x.useSuspenseQuery(input)` / `useQuery(input)` from `~/trpc/react`: same key, no second fetch.
 */
export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(caller, getQueryClient);
