// Work that must not hold up the response (emails today; Inngest functions take this over later).
// Inside a Next.js request it runs through `after()`; elsewhere (tests, scripts) it runs detached.
import { after } from "next/server";

const pending = new Set<Promise<unknown>>();

export function runAfterResponse(task: () => Promise<unknown>, label: string): void {
  const run = () =>
    task().catch((error: unknown) => {
      console.error(`background task "${label}" failed:`, error instanceof Error ? error.message : error);
    });
  try {
    after(run);
  } catch {
    // Outside a request scope: start now and keep a handle so tests can wait for it.
    const p = run();
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }
}

/** Waits for detached background work (tests and scripts only). */
export async function settleBackgroundTasks(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
