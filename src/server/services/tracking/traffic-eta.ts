// Traffic-aware arrival for a shipment on its way to the drop-off (issue 10 §3): Google Routes computeRoutes
// (TRAFFIC_AWARE, leaving now) from the driver's newest fix, when a Google key is configured. Asked at most once per
// TRAFFIC_ETA_TTL_SEC per shipment: the answer (the arrival instant, or "none" after a failure or no route) is kept
// in the OutsideCache table, so pings in between cost no request; the ingest uses the recent-average-speed ETA
// (src/lib/eta.ts) whenever this gives nothing.
import { z } from "zod";

import type { TLatLng } from "~/lib/geo";
import type { TGoogleConfig } from "~/server/integrations/google/config";
import { googleComputeRoute } from "~/server/integrations/google/routes";
import { isOutsideServiceError } from "~/server/integrations/outside-error";
import { logger } from "~/server/log/logger";
import { cachedOutside, outsideCacheKey } from "~/server/places/outside-cache";

/** How long one traffic-aware answer stands for a shipment: 5 minutes. */
export const TRAFFIC_ETA_TTL_SEC = 300;

const ZCachedSchema = z.object({ arrivalMs: z.number().nullable(), askedAtMs: z.number() });

/** The cache key of a shipment's traffic-aware ETA (per Google host, so a stand-in's answer never serves Google's). */
export function trafficEtaKey(google: TGoogleConfig, shipmentId: string): string {
  return outsideCacheKey("google-routes-eta", google.baseUrl, shipmentId);
}

/**
 * The traffic-aware arrival at `dropoff` for shipment `shipmentId`: `fromMs` (the fix's time, epoch ms) plus
 * Google's traffic-aware driving duration (seconds) from `position`, as asked at most once per TRAFFIC_ETA_TTL_SEC.
 * Null when Google finds no route or fails (auth, quota, unavailable: logged; the failure is also kept for the TTL
 * so an outage does not cost a request per ping); the caller then uses its own estimate.
 *
 * @returns `{ etaAt, cached }` (cached: no request was made for this call), or null.
 */
export async function trafficAwareEta(input: {
  google: TGoogleConfig;
  shipmentId: string;
  position: TLatLng;
  dropoff: TLatLng;
  fromMs: number;
}): Promise<{ etaAt: Date; cached: boolean } | null> {
  const { value, hit } = await cachedOutside(
    trafficEtaKey(input.google, input.shipmentId),
    TRAFFIC_ETA_TTL_SEC,
    ZCachedSchema,
    async () => {
      const askedAtMs = Date.now();
      try {
        const route = await googleComputeRoute(input.google, { origin: input.position, destination: input.dropoff });
        return { arrivalMs: route ? input.fromMs + route.durationSec * 1000 : null, askedAtMs };
      } catch (e) {
        if (!isOutsideServiceError(e)) throw e;
        logger.warn(
          { module: "tracking", shipmentId: input.shipmentId, kind: e.kind, err: e },
          `traffic ETA: ${e.message}; using the average-speed ETA`,
        );
        return { arrivalMs: null, askedAtMs };
      }
    },
  );
  return value.arrivalMs === null ? null : { etaAt: new Date(value.arrivalMs), cached: hit };
}
