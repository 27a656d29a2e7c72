"use client";

import { api } from "~/trpc/react";

/** A small live check that the app, the API and the database answer (health.status over tRPC). */
export function SystemStatus() {
  const status = api.health.status.useQuery(undefined, { refetchInterval: 30_000 });
  if (status.isPending) {
    return (
      <p className="text-sm text-slate-500" role="status">
        Checking system status…
      </p>
    );
  }
  if (status.isError) {
    return (
      <p className="text-sm text-red-700" role="status">
        System status unavailable: {status.error.message}
      </p>
    );
  }
  const { db, version } = status.data;
  return (
    <p className="flex items-center gap-2 text-sm text-slate-600" role="status" data-testid="system-status">
      <span aria-hidden className={`inline-block size-2 rounded-full ${db.ok ? "bg-emerald-500" : "bg-red-500"}`} />
      {db.ok ? "All systems operational" : "Database unavailable"} · database {db.kind} ({db.latencyMs} ms) · v{version}
    </p>
  );
}
