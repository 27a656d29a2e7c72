// Runs once when a server process starts (Next.js instrumentation hook): the outbox's start-up sweep, so events a
// previous process committed but never sent go out without waiting for the relay cron.
export async function register(): Promise<void> {
  // Next.js sets NEXT_RUNTIME per runtime (it is not configuration); the documented guard keeps the database code
  // out of any edge bundle.
  // eslint-disable-next-line no-restricted-syntax
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { scheduleStartUpSweep } = await import("./server/services/outbox/start-up-sweep");
    scheduleStartUpSweep();
  }
}
