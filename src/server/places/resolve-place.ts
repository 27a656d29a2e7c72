// A chosen suggestion (or typed text) to the fields a stop stores: address, city, region, postal code, country,
// point, IANA zone and where the geocode came from.
import { z } from "zod";

import { AppError } from "~/lib/app-error";
import { zoneAt } from "~/lib/stop-zone";
import { googleGeocode } from "~/server/integrations/google/geocoding";
import { googlePlaceDetails, type TGoogleAddress } from "~/server/integrations/google/places";
import { isOutsideServiceError } from "~/server/integrations/outside-error";
import { fallbackNotice, logFallback } from "./fallback-notice";
import { placeById, resolvePlaces, type TGazetteerPlace } from "./gazetteer";
import { cachedOutside, outsideCacheKey } from "./outside-cache";
import type { TOutsideServices } from "./outside-services";
import { GAZETTEER_ID_PREFIX, type TPlaceSource } from "./search-places";

export type TResolvedPlace = {
  placeId: string;
  source: TPlaceSource;
  /** "233 S Wacker Dr, Chicago, IL 60606, USA" or, offline, "Chicago, IL, USA". */
  formattedAddress: string;
  /** Street line, or the place's name when it has no street address (a city or ZIP code). */
  line1: string;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  /** Degrees, WGS84. */
  lat: number;
  lng: number;
  /** IANA zone at the point ("America/Chicago"). */
  timeZone: string;
};

function fromGazetteer(p: TGazetteerPlace): TResolvedPlace {
  return {
    placeId: `${GAZETTEER_ID_PREFIX}${p.id}`,
    source: "gazetteer",
    formattedAddress: p.formattedAddress,
    line1: p.name,
    city: p.name,
    region: p.region,
    postalCode: p.postalCode,
    country: p.country,
    lat: p.lat,
    lng: p.lng,
    timeZone: zoneAt(p.lat, p.lng),
  };
}

function fromGoogle(a: TGoogleAddress): TResolvedPlace {
  return { ...a, source: "google", timeZone: zoneAt(a.lat, a.lng) };
}

const ZGoogleAddressSchema = z.object({
  placeId: z.string(),
  formattedAddress: z.string(),
  line1: z.string(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
});

/** Google allows keeping a place's coordinates for up to 30 days (Maps Platform service terms); we keep a week. */
const DETAILS_TTL_SEC = 7 * 24 * 3600;

/**
 * The stop fields for a suggestion's `placeId` (from `searchPlaces`): gazetteer ids offline, Google place IDs through
 * Place Details (cached a week per place ID, shared by every instance).
 *
 * @throws AppError NOT_FOUND (unknown id), BAD_REQUEST with a `placeId` field error (a Google id while no key is
 *   configured), NOT_CONFIGURED (Google refused or failed: the message asks to search again, which then answers
 *   from the offline list).
 */
export async function resolvePlace(input: {
  placeId: string;
  sessionToken?: string;
  outside: TOutsideServices;
}): Promise<TResolvedPlace> {
  if (input.placeId.startsWith(GAZETTEER_ID_PREFIX)) {
    const p = placeById(input.placeId.slice(GAZETTEER_ID_PREFIX.length));
    if (!p) throw new AppError("NOT_FOUND", "That place is not in the list. Search again.");
    return fromGazetteer(p);
  }
  const google = input.outside.google;
  if (!google) {
    throw new AppError("BAD_REQUEST", "Google address search is not configured. Search again.", {
      fieldErrors: { placeId: ["This suggestion needs Google address search, which is not configured. Search again."] },
    });
  }
  try {
    const { value } = await cachedOutside(
      outsideCacheKey("google-places", google.baseUrl, input.placeId),
      DETAILS_TTL_SEC,
      ZGoogleAddressSchema,
      () => googlePlaceDetails(google, { placeId: input.placeId, sessionToken: input.sessionToken }),
    );
    return fromGoogle(value);
  } catch (e) {
    if (!isOutsideServiceError(e)) throw e;
    if (e.kind === "not-found") throw new AppError("NOT_FOUND", "Google does not know that place. Search again.");
    logFallback(e);
    throw new AppError(
      "NOT_CONFIGURED",
      `${fallbackNotice("Address search", "the offline list", e).replace(/\.$/, "")}. Search again to pick from it.`,
      { cause: e },
    );
  }
}

export type TGeocodeResult = { source: TPlaceSource; places: TResolvedPlace[]; notice: string | null };

/**
 * Places named by typed text ("Chicago, IL", "60601") when the user submits without picking a suggestion, best
 * first, at most 5: Google's Geocoding API with a key, else (and on any Google failure, with a `notice`) the
 * gazetteer. An empty list when nothing matches.
 */
export async function geocodeText(input: { q: string; outside: TOutsideServices }): Promise<TGeocodeResult> {
  const offline = (notice: string | null): TGeocodeResult => ({
    source: "gazetteer",
    places: resolvePlaces(input.q, { limit: 5 }).map(fromGazetteer),
    notice,
  });
  if (!input.outside.google) return offline(null);
  try {
    const found = await googleGeocode(input.outside.google, { address: input.q });
    return { source: "google", places: found.slice(0, 5).map(fromGoogle), notice: null };
  } catch (e) {
    if (!isOutsideServiceError(e)) throw e;
    logFallback(e);
    return offline(fallbackNotice("Address search", "the offline list of cities and US ZIP codes", e));
  }
}
