// The driver app's position ingest: `POST /api/tracking/pings` with JSON `{ pings: TPingInput[] }`. Shared by the
// browser queue (src/components/driver/location-sharing) and the route, so both read the same rules.
// Each ping is checked on its own: one bad ping never costs the others in its batch.
import { z } from "zod";

import { ZIdSchema, ZLatitudeSchema, ZLongitudeSchema } from "./primitives";

/** Pings per request. Pusher-style batching on the phone: every 5 s or every 10 pings, whichever comes first. */
export const PING_BATCH_MAX = 100;
/** A recorded time up to this far ahead of the server's clock is accepted (phone clocks drift). */
export const PING_FUTURE_SKEW_MS = 2 * 60_000;
/** Older pings are refused: a phone that was offline longer has nothing useful left to replay. */
export const PING_MAX_AGE_MS = 24 * 3600_000;

/**
 * One position fix, as the browser's Geolocation API gives it. `recordedAt`: epoch milliseconds (the fix's
 * `timestamp`); with the driver it is the ping's identity, so a replay is stored once. `accuracyM` metres (0-10,000),
 * `speedKmh` km/h (0-400), `headingDeg` degrees clockwise from true north [0, 360); each optional (null when the
 * device does not know).
 */
export const ZPingSchema = z.object(
  {
    shipmentId: ZIdSchema,
    lat: ZLatitudeSchema,
    lng: ZLongitudeSchema,
    accuracyM: z
      .number({ error: "Accuracy is a number of metres." })
      .min(0, { error: "Accuracy cannot be negative." })
      .max(10_000, { error: "Accuracy is worse than 10 km: not a usable fix." })
      .nullish(),
    speedKmh: z
      .number({ error: "Speed is a number of km/h." })
      .min(0, { error: "Speed cannot be negative." })
      .max(400, { error: "Speed above 400 km/h is not a truck." })
      .nullish(),
    headingDeg: z
      .number({ error: "Heading is a number of degrees." })
      .min(0, { error: "Heading is between 0 and 360 degrees." })
      .lt(360, { error: "Heading is between 0 and 360 degrees." })
      .nullish(),
    recordedAt: z
      .number({ error: "recordedAt is epoch milliseconds." })
      .int({ error: "recordedAt is epoch milliseconds." })
      .min(Date.UTC(2000, 0, 1), { error: "recordedAt is epoch milliseconds." })
      .max(Date.UTC(2101, 0, 1), { error: "recordedAt is epoch milliseconds." }),
  },
  { error: "A ping is an object with shipmentId, lat, lng and recordedAt." },
);
export type TPingInput = z.infer<typeof ZPingSchema>;

/**
 * The server's answer for one ping, in the order sent. The phone deletes a ping from its queue on `stored`,
 * `duplicate` (stored earlier: a replay) and `rejected` (will never be accepted: `field` and `message` say why);
 * on a failed request (network, 429, 5xx) it keeps the whole batch and retries.
 */
export type TPingResult =
  | { recordedAt: number; status: "stored" | "duplicate" }
  | { recordedAt: number; status: "rejected"; field: string; message: string };

/** 200 body of `POST /api/tracking/pings`. `etaAt` (ISO, or null) is the shipment's ETA after this batch. */
export type TPingBatchResponse = { results: TPingResult[]; etaAt?: string | null };
