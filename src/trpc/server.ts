import "server-only";

import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { cache } from "react";

import { type AppRouter, createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { resolvePageRequest } from "~/server/auth/page-session";
import { createQueryClient } from "./query-client";

/** React Server Components call tRPC with the session the layout already resolved for this render. */
const createContext = cache(async () => createInnerTRPCContext(await resolvePageRequest()));

const getQueryClient = cache(createQueryClient);
const caller = createCaller(createContext);

export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(caller, getQueryClient);
