// Runs once when a server process starts (Next.js instrumentation hook): the outbox's start-up sweep, so events a
// previous process committed but never sent go out without waiting for the relay cron.
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-syntax -- Next.js sets NEXT_RUNTIME per runtime; it is not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { scheduleStartUpSweep } = await import("./server/services/outbox/start-up-sweep");
  scheduleStartUpSweep();
}
