// Place IDs the stand-in hands out: opaque to the app, as Google's are ("ChIJ" and URL-safe base64), and stable, so
// an ID from Autocomplete works in Place Details, Geocoding (place_id=) and Routes (placeId waypoints).
import { placeById, type TGazetteerPlace } from "../../src/server/places/gazetteer";

/** The stand-in's place ID for a gazetteer place: "ChIJ" + base64url of its gazetteer id. */
export function placeIdOf(place: TGazetteerPlace): string {
  return `ChIJ${Buffer.from(place.id).toString("base64url")}`;
}

/** The place behind a stand-in ID; null for anything else (Google: NOT_FOUND / INVALID_REQUEST). */
export function placeFromId(id: string): TGazetteerPlace | null {
  if (!/^ChIJ[A-Za-z0-9_-]+$/.test(id)) return null;
  return placeById(Buffer.from(id.slice(4), "base64url").toString("utf8"));
}

/** Google's address components for a gazetteer place (Places "New" names: longText/shortText). */
export function addressComponents(place: TGazetteerPlace) {
  const countryName =
    place.country === "US"
      ? "United States"
      : (new Intl.DisplayNames(["en"], { type: "region" }).of(place.country) ?? place.country);
  const parts: { longText: string; shortText: string; types: string[]; languageCode: string }[] = [
    { longText: place.name, shortText: place.name, types: ["locality", "political"], languageCode: "en" },
  ];
  if (place.region) {
    parts.push({
      longText: place.region,
      shortText: place.region,
      types: ["administrative_area_level_1", "political"],
      languageCode: "en",
    });
  }
  parts.push({ longText: countryName, shortText: place.country, types: ["country", "political"], languageCode: "en" });
  if (place.postalCode) {
    parts.push({ longText: place.postalCode, shortText: place.postalCode, types: ["postal_code"], languageCode: "en" });
  }
  return parts;
}

/** Google's place types for a gazetteer place: a ZIP code or a locality. */
export function placeTypes(place: TGazetteerPlace): string[] {
  return place.kind === "postal_code" ? ["postal_code"] : ["locality", "political"];
}
