// Places API (New): Autocomplete as the user types and Place Details for the chosen suggestion
// (https://developers.google.com/maps/documentation/places/web-service/place-autocomplete, .../place-details).
// A session token ties the keystrokes of one search to its details call, which Google bills as one session.
import { z } from "zod";

import type { TLatLng } from "~/lib/geo";
import { callGoogleRpc, unreadable } from "./rpc";
import type { TGoogleConfig } from "./config";

const SERVICE = "Google Places";

export type TGoogleSuggestion = {
  placeId: string;
  /** "Chicago, IL, USA". */
  text: string;
  /** "Chicago" and "IL, USA", for a two-line suggestion. */
  mainText: string;
  secondaryText: string;
  /** Great-circle metres from `origin`, when one was sent. */
  distanceMeters: number | null;
};

const ZFormattableTextSchema = z.object({ text: z.string() });
const ZAutocompleteSchema = z.object({
  suggestions: z
    .array(
      z.object({
        placePrediction: z
          .object({
            placeId: z.string(),
            text: ZFormattableTextSchema,
            structuredFormat: z
              .object({ mainText: ZFormattableTextSchema, secondaryText: ZFormattableTextSchema.optional() })
              .optional(),
            distanceMeters: z.number().optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});

/**
 * Suggestions for `input` (POST /v1/places:autocomplete), biased towards `near` (a 50 km circle) when given, which
 * also fills `distanceMeters`. Query predictions are left out: a stop needs a place. [] when nothing matches.
 *
 * @throws OutsideServiceError (auth, quota, bad-request, unavailable).
 */
export async function googleAutocomplete(
  config: TGoogleConfig,
  input: { text: string; near?: TLatLng; sessionToken?: string },
): Promise<TGoogleSuggestion[]> {
  const near = input.near ? { latitude: input.near.lat, longitude: input.near.lng } : undefined;
  const raw = await callGoogleRpc(config, {
    api: "places",
    service: SERVICE,
    method: "POST",
    path: "/v1/places:autocomplete",
    fieldMask:
      "suggestions.placePrediction.placeId,suggestions.placePrediction.text," +
      "suggestions.placePrediction.structuredFormat,suggestions.placePrediction.distanceMeters",
    body: {
      input: input.text,
      languageCode: "en",
      ...(near ? { origin: near, locationBias: { circle: { center: near, radius: 50_000 } } } : {}),
      ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}),
    },
    timeoutMs: 3000,
  });
  const parsed = ZAutocompleteSchema.safeParse(raw);
  if (!parsed.success) throw unreadable(SERVICE, parsed.error);
  return (parsed.data.suggestions ?? []).flatMap(({ placePrediction: p }) =>
    p
      ? [
          {
            placeId: p.placeId,
            text: p.text.text,
            mainText: p.structuredFormat?.mainText.text ?? p.text.text,
            secondaryText: p.structuredFormat?.secondaryText?.text ?? "",
            distanceMeters: p.distanceMeters ?? null,
          },
        ]
      : [],
  );
}

export type TGoogleAddress = {
  placeId: string;
  formattedAddress: string;
  /** Street number and route ("233 S Wacker Dr"), or the place's name when it has no street address. */
  line1: string;
  city: string | null;
  /** State or province short code ("IL"). */
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  lat: number;
  lng: number;
};

const ZComponentSchema = z.object({ longText: z.string(), shortText: z.string(), types: z.array(z.string()) });
const ZPlaceSchema = z.object({
  id: z.string(),
  formattedAddress: z.string(),
  displayName: ZFormattableTextSchema.optional(),
  addressComponents: z.array(ZComponentSchema).default([]),
  location: z.object({ latitude: z.number(), longitude: z.number() }),
});

/** Reads Google's address components (both the Places "New" and the Geocoding spelling) into our stop fields. */
export function addressFromComponents(
  components: { long: string; short: string; types: string[] }[],
  fallbackName: string,
): Pick<TGoogleAddress, "line1" | "city" | "region" | "postalCode" | "country"> {
  const find = (...types: string[]) => components.find((c) => types.some((t) => c.types.includes(t)));
  const street = [find("street_number")?.long, find("route")?.short].filter(Boolean).join(" ");
  return {
    line1: street || fallbackName,
    city: (find("locality") ?? find("postal_town") ?? find("sublocality", "administrative_area_level_3"))?.long ?? null,
    region: find("administrative_area_level_1")?.short ?? null,
    postalCode: find("postal_code")?.long ?? null,
    country: find("country")?.short ?? null,
  };
}

/**
 * The chosen place's address and point (GET /v1/places/{placeId}), with the session token of the search that
 * found it.
 *
 * @throws OutsideServiceError (not-found for an unknown id; auth, quota, bad-request, unavailable).
 */
export async function googlePlaceDetails(
  config: TGoogleConfig,
  input: { placeId: string; sessionToken?: string },
): Promise<TGoogleAddress> {
  const raw = await callGoogleRpc(config, {
    api: "places",
    service: SERVICE,
    method: "GET",
    path: `/v1/places/${encodeURIComponent(input.placeId)}`,
    query: { languageCode: "en", ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}) },
    fieldMask: "id,formattedAddress,displayName,addressComponents,location",
  });
  const parsed = ZPlaceSchema.safeParse(raw);
  if (!parsed.success) throw unreadable(SERVICE, parsed.error);
  const p = parsed.data;
  return {
    placeId: p.id,
    formattedAddress: p.formattedAddress,
    ...addressFromComponents(
      p.addressComponents.map((c) => ({ long: c.longText, short: c.shortText, types: c.types })),
      p.displayName?.text ?? p.formattedAddress,
    ),
    lat: p.location.latitude,
    lng: p.location.longitude,
  };
}
