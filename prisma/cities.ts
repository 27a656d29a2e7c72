// Real city coordinates for seed data and tests.
export type TCity = { name: string; state: string; lat: number; lng: number; street: string };

export const cities = {
  chicago: { name: "Chicago", state: "IL", lat: 41.8781, lng: -87.6298, street: "233 S Wacker Dr" },
  milwaukee: { name: "Milwaukee", state: "WI", lat: 43.0389, lng: -87.9065, street: "400 W Canal St" },
  indianapolis: { name: "Indianapolis", state: "IN", lat: 39.7684, lng: -86.1581, street: "1 Monument Cir" },
  detroit: { name: "Detroit", state: "MI", lat: 42.3314, lng: -83.0458, street: "1 Woodward Ave" },
  columbus: { name: "Columbus", state: "OH", lat: 39.9612, lng: -82.9988, street: "77 S High St" },
  stLouis: { name: "St. Louis", state: "MO", lat: 38.627, lng: -90.1994, street: "100 N Broadway" },
  minneapolis: { name: "Minneapolis", state: "MN", lat: 44.9778, lng: -93.265, street: "250 Marquette Ave" },
  kansasCity: { name: "Kansas City", state: "MO", lat: 39.0997, lng: -94.5786, street: "1200 Main St" },
  nashville: { name: "Nashville", state: "TN", lat: 36.1627, lng: -86.7816, street: "501 Broadway" },
  cincinnati: { name: "Cincinnati", state: "OH", lat: 39.1031, lng: -84.512, street: "1 W 4th St" },
  louisville: { name: "Louisville", state: "KY", lat: 38.2527, lng: -85.7585, street: "500 W Jefferson St" },
  desMoines: { name: "Des Moines", state: "IA", lat: 41.5868, lng: -93.625, street: "400 Locust St" },
} as const satisfies Record<string, TCity>;

export type TCityKey = keyof typeof cities;
export const cityKeys = Object.keys(cities) as TCityKey[];
