"use client";

import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchStreamLink, loggerLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import SuperJSON from "superjson";
import { z } from "zod";

import { TRPC_CLIENT_HEADER } from "~/lib/csrf";
import type { AppRouter } from "~/server/api/root";
import { TRPC_MAX_BATCH_SIZE } from "./batch";
import { createQueryClient, isUnexpectedError } from "./query-client";

// Zod probes `new Function` to compile fast object parsers; the production CSP forbids eval, and Chromium reports
// the probe as a violation even though Zod catches it. Every page loads this module, so the browser's Zod skips it.
if (typeof window !== "undefined") z.config({ jitless: true });

let clientQueryClientSingleton: QueryClient | undefined = undefined;
const getQueryClient = () => {
  if (typeof window === "undefined") return createQueryClient();
  clientQueryClientSingleton ??= createQueryClient();
  return clientQueryClientSingleton;
};

export const api = createTRPCReact<AppRouter>();

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export function TRPCReactProvider(props: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [
        // Failed operations are logged only when unexpected (5xx, no answer): a 4xx is a business refusal that the
        // UI shows. In development successful operations are traced too (console.log, not an error).
        loggerLink({
          enabled: (op) =>
            op.direction === "down" && op.result instanceof Error
              ? isUnexpectedError(op.result)
              : process.env.NODE_ENV === "development",
        }),
        httpBatchStreamLink({
          transformer: SuperJSON,
          url: getBaseUrl() + "/api/trpc",
          maxItems: TRPC_MAX_BATCH_SIZE,
          headers: () => {
            const headers = new Headers();
            // Required on every mutation (src/lib/csrf.ts): a cross-site form cannot send it.
            headers.set(TRPC_CLIENT_HEADER, "nextjs-react");
            return headers;
          },
        }),
      ],
    }),
  );

  return (
    <QueryClientProvider client={queryClient}>
      <api.Provider client={trpcClient} queryClient={queryClient}>
        {props.children}
      </api.Provider>
    </QueryClientProvider>
  );
}

function getBaseUrl() {
  if (typeof window !== "undefined") return window.location.origin;
  return `http://localhost:${process.env.PORT ?? 3000}`;
}
