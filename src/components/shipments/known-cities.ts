// A few real cities for the form's "Use a known city" shortcut (fills city, latitude and longitude).
export type TKnownCity = { key: string; name: string; state: string; lat: number; lng: number };

export const knownCities: readonly TKnownCity[] = [
  { key: "chicago", name: "Chicago", state: "IL", lat: 41.8781, lng: -87.6298 },
  { key: "milwaukee", name: "Milwaukee", state: "WI", lat: 43.0389, lng: -87.9065 },
  { key: "detroit", name: "Detroit", state: "MI", lat: 42.3314, lng: -83.0458 },
  { key: "indianapolis", name: "Indianapolis", state: "IN", lat: 39.7684, lng: -86.1581 },
  { key: "st-louis", name: "St. Louis", state: "MO", lat: 38.627, lng: -90.1994 },
  { key: "minneapolis", name: "Minneapolis", state: "MN", lat: 44.9778, lng: -93.265 },
  { key: "columbus", name: "Columbus", state: "OH", lat: 39.9612, lng: -82.9988 },
  { key: "cincinnati", name: "Cincinnati", state: "OH", lat: 39.1031, lng: -84.512 },
  { key: "louisville", name: "Louisville", state: "KY", lat: 38.2527, lng: -85.7585 },
  { key: "nashville", name: "Nashville", state: "TN", lat: 36.1627, lng: -86.7816 },
  { key: "kansas-city", name: "Kansas City", state: "MO", lat: 39.0997, lng: -94.5786 },
  { key: "des-moines", name: "Des Moines", state: "IA", lat: 41.5868, lng: -93.625 },
];

/** The known city whose name and coordinates the stop currently has, if any (the form's values, maybe missing). */
export function matchKnownCity(city: unknown, lat: unknown, lng: unknown): TKnownCity | undefined {
  if (typeof city !== "string" || typeof lat !== "number" || typeof lng !== "number") return undefined;
  return knownCities.find((c) => c.name.toLowerCase() === city.trim().toLowerCase() && lat === c.lat && lng === c.lng);
}
