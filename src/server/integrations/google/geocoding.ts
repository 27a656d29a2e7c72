// Geocoding API (https://developers.google.com/maps/documentation/geocoding/requests-geocoding): typed text such as
// "Chicago, IL" or "60601" to addresses and points, when the user submits text without picking a suggestion. Its
// errors come as a `status` word with HTTP 200, not as HTTP statuses.
import { z } from "zod";

import { fetchOutside, jsonBody, OutsideServiceError } from "../outside-error";
import { googleUrl, type TGoogleConfig } from "./config";
import { addressFromComponents, type TGoogleAddress } from "./places";
import { unreadable } from "./rpc";

const SERVICE = "Google Geocoding";

const ZGeocodeSchema = z.object({
  status: z.string(),
  error_message: z.string().optional(),
  results: z
    .array(
      z.object({
        place_id: z.string(),
        formatted_address: z.string(),
        address_components: z.array(
          z.object({ long_name: z.string(), short_name: z.string(), types: z.array(z.string()) }),
        ),
        geometry: z.object({ location: z.object({ lat: z.number(), lng: z.number() }) }),
      }),
    )
    .default([]),
});

const kindByStatus: Record<string, OutsideServiceError["kind"]> = {
  REQUEST_DENIED: "auth",
  OVER_QUERY_LIMIT: "quota",
  OVER_DAILY_LIMIT: "quota",
  INVALID_REQUEST: "bad-request",
};

/**
 * Addresses for `address` (GET /maps/api/geocode/json), best first; [] for ZERO_RESULTS. `region` biases towards a
 * country (ccTLD, default "us").
 *
 * @throws OutsideServiceError (auth for REQUEST_DENIED, quota for OVER_QUERY_LIMIT / OVER_DAILY_LIMIT, bad-request,
 * unavailable for UNKNOWN_ERROR or an unreachable service).
 */
export async function googleGeocode(
  config: TGoogleConfig,
  input: { address: string; region?: string },
): Promise<TGoogleAddress[]> {
  const url = googleUrl(config, "geocoding", "/maps/api/geocode/json");
  url.searchParams.set("address", input.address);
  url.searchParams.set("region", input.region ?? "us");
  url.searchParams.set("language", "en");
  url.searchParams.set("key", config.apiKey);
  const res = await fetchOutside(SERVICE, url, { method: "GET" });
  const parsed = ZGeocodeSchema.safeParse(await jsonBody(SERVICE, res));
  if (!parsed.success) throw unreadable(SERVICE, parsed.error);
  const { status, error_message, results } = parsed.data;
  if (status === "ZERO_RESULTS") return [];
  if (status !== "OK") {
    throw new OutsideServiceError(
      SERVICE,
      kindByStatus[status] ?? "unavailable",
      `${status}: ${error_message ?? ""}`,
      res.status,
    );
  }
  return results.map((r) => ({
    placeId: r.place_id,
    formattedAddress: r.formatted_address,
    ...addressFromComponents(
      r.address_components.map((c) => ({ long: c.long_name, short: c.short_name, types: c.types })),
      r.formatted_address,
    ),
    lat: r.geometry.location.lat,
    lng: r.geometry.location.lng,
  }));
}
