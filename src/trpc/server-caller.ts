// The server-side tRPC caller and the page-level "load or 404" reads, without the React Query hydration helpers:
// a page that hydrates nothing (the public tracking page) imports this and ships no TanStack Query client code
// (`createHydrationHelpers` pulls its HydrationBoundary client component into the page's first-load JavaScript).
import "server-only";

import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";

import { createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { resolvePageRequest } from "~/server/auth/page-session";
import { createQueryClient } from "./query-client";

/** React Server Components call tRPC with the session the layout already resolved for this render. */
const createContext = cache(async () => createInnerTRPCContext(await resolvePageRequest()));

/** This request's QueryClient (one per render), shared with `HydrateClient` in ./server.ts. */
export const getQueryClient = cache(createQueryClient);

/** The server-side caller: every procedure's checks and output schema, no HTTP. */
export const caller = createCaller(createContext);

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
