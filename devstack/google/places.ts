// Places API (New): Autocomplete (POST /v1/places:autocomplete) and Place Details (GET /v1/places/{id}), answered
// from the offline gazetteer. Request and response fields follow the v1 REST reference (AutocompletePlacesRequest,
// Place); only what the gazetteer can know is filled in.
import { haversineKm } from "../../src/lib/geo";
import { suggestPlaces } from "../../src/server/places/gazetteer";
import { rpcError, type TReply } from "./errors";
import { applyMask, parseMask, type TShape } from "./field-mask";
import { addressComponents, placeFromId, placeIdOf, placeTypes } from "./place-ids";

const SUGGESTION_SHAPE: TShape = {
  suggestions: {
    placePrediction: {
      place: true,
      placeId: true,
      text: true,
      structuredFormat: true,
      types: true,
      distanceMeters: true,
    },
    queryPrediction: true,
  },
};

const PLACE_SHAPE: TShape = {
  name: true,
  id: true,
  displayName: true,
  formattedAddress: true,
  shortFormattedAddress: true,
  addressComponents: true,
  location: true,
  viewport: true,
  types: true,
  primaryType: true,
  utcOffsetMinutes: true,
  plusCode: true,
  googleMapsUri: true,
};

type TLatLngJson = { latitude?: unknown; longitude?: unknown };

function latLngOf(v: TLatLngJson | undefined): { lat: number; lng: number } | null {
  if (!v || typeof v.latitude !== "number" || typeof v.longitude !== "number") return null;
  if (Math.abs(v.latitude) > 90 || Math.abs(v.longitude) > 180) return null;
  return { lat: v.latitude, lng: v.longitude };
}

/** POST /v1/places:autocomplete. `fieldMask` is optional here (Google: defaults to every field). */
export function autocomplete(body: unknown, fieldMask: string | null): TReply {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return rpcError(400, "Invalid JSON payload received. Expected an object.");
  }
  const req = body as {
    input?: unknown;
    origin?: TLatLngJson;
    locationBias?: { circle?: { center?: TLatLngJson; radius?: unknown } };
    includedRegionCodes?: unknown;
  };
  if (typeof req.input !== "string" || req.input === "") {
    return rpcError(400, "Request contains an invalid argument.", [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field: "input", description: "Input is required." }],
      },
    ]);
  }
  let mask = null;
  if (fieldMask) {
    const parsed = parseMask(fieldMask, SUGGESTION_SHAPE);
    if ("error" in parsed) return rpcError(400, parsed.error);
    mask = parsed.mask;
  }
  if (req.origin !== undefined && !latLngOf(req.origin)) return rpcError(400, "Invalid origin.");
  const origin = latLngOf(req.origin);
  const bias = latLngOf(req.locationBias?.circle?.center) ?? origin ?? undefined;
  const regions = Array.isArray(req.includedRegionCodes)
    ? req.includedRegionCodes.filter((r): r is string => typeof r === "string").map((r) => r.toUpperCase())
    : [];
  const places = suggestPlaces(req.input, { limit: 5, near: bias }).filter(
    (p) => regions.length === 0 || regions.includes(p.country),
  );
  const suggestions = places.map((p) => {
    const secondary = p.formattedAddress.slice(p.name.length + 2);
    const matchEnd = Math.min(req.input!.toString().split(",")[0]!.trim().length, p.name.length);
    return {
      placePrediction: {
        place: `places/${placeIdOf(p)}`,
        placeId: placeIdOf(p),
        text: { text: p.formattedAddress, matches: [{ endOffset: matchEnd }] },
        structuredFormat: {
          mainText: { text: p.name, matches: [{ endOffset: matchEnd }] },
          secondaryText: { text: secondary },
        },
        types: [...placeTypes(p), "geocode"],
        ...(origin ? { distanceMeters: Math.round(haversineKm(origin, p) * 1000) } : {}),
      },
    };
  });
  // proto3 JSON leaves out an empty repeated field: no match is `{}`.
  const response = suggestions.length > 0 ? { suggestions } : {};
  return { status: 200, body: mask ? applyMask(response, mask) : response };
}

/** GET /v1/places/{id}: the field mask is required (header or `fields`). */
export function placeDetails(id: string, fieldMask: string | null): TReply {
  if (!fieldMask) {
    return rpcError(
      400,
      "FieldMask is a required parameter. See https://cloud.google.com/apis/design/design_patterns#partial_response on how to specify field mask. See https://developers.google.com/maps/documentation/places/web-service/choose-fields on how to specify field mask for this API.",
    );
  }
  const parsed = parseMask(fieldMask, PLACE_SHAPE);
  if ("error" in parsed) return rpcError(400, parsed.error);
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(id)) return rpcError(400, `Not a valid Place ID: ${id}`);
  const p = placeFromId(id);
  if (!p) return rpcError(404, "Requested entity was not found.");
  const delta = p.kind === "postal_code" ? 0.05 : 0.1;
  const place = {
    name: `places/${id}`,
    id,
    displayName: { text: p.name, languageCode: "en" },
    formattedAddress: p.formattedAddress,
    shortFormattedAddress: p.formattedAddress.replace(/, USA$/, ""),
    addressComponents: addressComponents(p),
    location: { latitude: p.lat, longitude: p.lng },
    viewport: {
      low: { latitude: p.lat - delta, longitude: p.lng - delta },
      high: { latitude: p.lat + delta, longitude: p.lng + delta },
    },
    types: placeTypes(p),
    primaryType: placeTypes(p)[0],
    googleMapsUri: `https://maps.google.com/?cid=${encodeURIComponent(id)}`,
  };
  return { status: 200, body: applyMask(place, parsed.mask) };
}
