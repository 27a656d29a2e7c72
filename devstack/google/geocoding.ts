// Geocoding API (GET /maps/api/geocode/json): `address`, `place_id` or `latlng` (reverse), `components` filters
// (`postal_code:60601|country:US`), answered from the offline gazetteer in the web service's JSON: snake_case fields,
// a `status` word, HTTP 200 even for ZERO_RESULTS (Google's Geocoding API reference, "Geocoding responses").
import { nearestPlace, resolvePlaces, type TGazetteerPlace } from "../../src/server/places/gazetteer";
import type { TReply } from "./errors";
import { addressComponents, placeFromId, placeIdOf, placeTypes } from "./place-ids";

function result(p: TGazetteerPlace) {
  const delta = p.kind === "postal_code" ? 0.05 : 0.1;
  return {
    address_components: addressComponents(p).map((c) => ({
      long_name: c.longText,
      short_name: c.shortText,
      types: c.types,
    })),
    formatted_address: p.formattedAddress,
    geometry: {
      location: { lat: p.lat, lng: p.lng },
      location_type: "APPROXIMATE",
      viewport: {
        northeast: { lat: p.lat + delta, lng: p.lng + delta },
        southwest: { lat: p.lat - delta, lng: p.lng - delta },
      },
    },
    place_id: placeIdOf(p),
    types: placeTypes(p),
  };
}

function invalid(error_message: string): TReply {
  return { status: 400, body: { error_message, results: [], status: "INVALID_REQUEST" } };
}

/** GET /maps/api/geocode/json (the key is checked before this runs). */
export function geocode(url: URL): TReply {
  const address = url.searchParams.get("address");
  const placeId = url.searchParams.get("place_id");
  const latlng = url.searchParams.get("latlng");
  const components = new Map(
    (url.searchParams.get("components") ?? "")
      .split("|")
      .filter(Boolean)
      .map((c) => {
        const [k, ...v] = c.split(":");
        return [k!.toLowerCase(), v.join(":")] as const;
      }),
  );
  let places: TGazetteerPlace[];
  if (placeId) {
    const p = placeFromId(placeId);
    if (!p) return invalid("Invalid request. Invalid 'place_id' parameter.");
    places = [p];
  } else if (latlng) {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(latlng);
    if (!m || Math.abs(Number(m[1])) > 90 || Math.abs(Number(m[2])) > 180) {
      return invalid("Invalid request. Invalid 'latlng' parameter.");
    }
    const p = nearestPlace({ lat: Number(m[1]), lng: Number(m[2]) });
    places = p ? [p] : [];
  } else if (address || components.has("postal_code")) {
    places = resolvePlaces(address ?? components.get("postal_code")!, { limit: 5 });
  } else {
    return invalid("Invalid request. Missing the 'address', 'components', 'latlng' or 'place_id' parameter.");
  }
  const country = components.get("country")?.toUpperCase();
  const postal = components.get("postal_code");
  places = places.filter((p) => (!country || p.country === country) && (!postal || p.postalCode === postal));
  if (places.length === 0) return { status: 200, body: { results: [], status: "ZERO_RESULTS" } };
  return { status: 200, body: { results: places.map(result), status: "OK" } };
}
