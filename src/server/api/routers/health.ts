import { z } from "zod";

import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { checkDatabase } from "~/server/db";
import { appVersion } from "~/server/version";

export const ZHealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  db: z.object({ ok: z.boolean(), kind: z.enum(["postgres", "pglite"]), latencyMs: z.number() }),
  version: z.string(),
});

export const healthRouter = createTRPCRouter({
  status: publicProcedure.output(ZHealthSchema).query(async () => {
    const db = await checkDatabase();
    return {
      status: db.ok ? "ok" : "degraded",
      db: { ok: db.ok, kind: db.kind, latencyMs: db.latencyMs },
      version: appVersion,
    } as const;
  }),
});
