import "server-only";

import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";

import { type AppRouter, createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { resolvePageRequest } from "~/server/auth/page-session";
import { createQueryClient } from "./query-client";

/** React Server Components call tRPC with the session the layout already resolved for this render. */
const createContext = cache(async () => createInnerTRPCContext(await resolvePageRequest()));

const getQueryClient = cache(createQueryClient);
const caller = createCaller(createContext);

/**
 * Server components read through `api` (the server-side caller, which runs each procedure's checks and output
 * schema) and hand data to client components in ONE way: `await api.x.prefetch(input)` (or `loadOrNotFound`
 * below for the thing a page is about), render inside `<HydrateClient>`, and read it in the client component with
 * `api.x.useSuspenseQuery(input)` / `useQuery(input)` from `~/trpc/react`: same key, no second fetch.
 */
export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(caller, getQueryClient);

/**
 * Answers that mean "nothing here for you": NOT_FOUND (services answer it both for what does not exist and for what
 * the viewer may not see) and BAD_REQUEST (an id or token the input schema rejects names nothing either).
 */
function isMissing(error: unknown): boolean {
  return error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST");
}

/**
 * Reads the query procedure at `path` (e.g. "shipment.get") with `input` into this request's QueryClient, under
 * the key the client's `api.<path>.useSuspenseQuery(input)` uses, and returns it; null when it is missing (see
 * `isMissing`). Shared by `generateMetadata` and the page: one read per request. Other errors are thrown.
 */
export async function loadOrNull<TInput, TOutput>(
  path: string,
  input: TInput,
  read: (input: TInput) => Promise<TOutput>,
): Promise<TOutput | null> {
  try {
    return await getQueryClient().fetchQuery({
      // The key tRPC gives a query of (path, input), as its `getQueryKey` builds it.
      queryKey: [path.split("."), { input, type: "query" }],
      queryFn: () => read(input),
      // The client's retry policy reads HTTP statuses; on the server an answer is final.
      retry: false,
    });
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * The page-level "load or 404" every detail page uses: `loadOrNull`, with Next's `notFound()` (the 404 page and
 * status) when the thing is missing or not the viewer's, so a page never hints that another party's id exists.
 */
export async function loadOrNotFound<TInput, TOutput>(
  path: string,
  input: TInput,
  read: (input: TInput) => Promise<TOutput>,
): Promise<TOutput> {
  return (await loadOrNull(path, input, read)) ?? notFound();
}
