// The relay's start-up sweep: a few seconds after the server starts (time for Inngest to sync the app), every
// unsent outbox row is sent, however young: no request of this new process can be sending it.
import { relayOutbox } from "./relay-outbox";
import { logger } from "~/server/log/logger";

export const START_UP_SWEEP_DELAY_MS = 5_000;

/** Schedules one relay pass START_UP_SWEEP_DELAY_MS from now; failures are logged, never thrown. */
export function scheduleStartUpSweep(): void {
  const timer = setTimeout(() => {
    relayOutbox({ minAgeMs: 0 }).then(
      ({ sent, failed }) => {
        if (sent + failed > 0) {
          logger.info(
            { module: "outbox", sent, failed },
            `outbox: start-up sweep sent ${sent} event(s), ${failed} still pending`,
          );
        }
      },
      (error: unknown) => logger.warn({ module: "outbox", err: error }, "outbox: start-up sweep failed"),
    );
  }, START_UP_SWEEP_DELAY_MS);
  timer.unref();
}
