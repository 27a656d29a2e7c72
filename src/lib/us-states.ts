// US states and the Census Bureau's four regions, for the load board's destination filter (server and form).
// Source: U.S. Census Bureau, "Census Regions and Divisions of the United States" (50 states and DC).

export const usRegions = {
  northeast: "Northeast",
  midwest: "Midwest",
  south: "South",
  west: "West",
} as const;
export type TUsRegion = keyof typeof usRegions;

/** USPS code → name and Census region. */
export const usStates = {
  AL: { name: "Alabama", region: "south" },
  AK: { name: "Alaska", region: "west" },
  AZ: { name: "Arizona", region: "west" },
  AR: { name: "Arkansas", region: "south" },
  CA: { name: "California", region: "west" },
  CO: { name: "Colorado", region: "west" },
  CT: { name: "Connecticut", region: "northeast" },
  DE: { name: "Delaware", region: "south" },
  DC: { name: "District of Columbia", region: "south" },
  FL: { name: "Florida", region: "south" },
  GA: { name: "Georgia", region: "south" },
  HI: { name: "Hawaii", region: "west" },
  ID: { name: "Idaho", region: "west" },
  IL: { name: "Illinois", region: "midwest" },
  IN: { name: "Indiana", region: "midwest" },
  IA: { name: "Iowa", region: "midwest" },
  KS: { name: "Kansas", region: "midwest" },
  KY: { name: "Kentucky", region: "south" },
  LA: { name: "Louisiana", region: "south" },
  ME: { name: "Maine", region: "northeast" },
  MD: { name: "Maryland", region: "south" },
  MA: { name: "Massachusetts", region: "northeast" },
  MI: { name: "Michigan", region: "midwest" },
  MN: { name: "Minnesota", region: "midwest" },
  MS: { name: "Mississippi", region: "south" },
  MO: { name: "Missouri", region: "midwest" },
  MT: { name: "Montana", region: "west" },
  NE: { name: "Nebraska", region: "midwest" },
  NV: { name: "Nevada", region: "west" },
  NH: { name: "New Hampshire", region: "northeast" },
  NJ: { name: "New Jersey", region: "northeast" },
  NM: { name: "New Mexico", region: "west" },
  NY: { name: "New York", region: "northeast" },
  NC: { name: "North Carolina", region: "south" },
  ND: { name: "North Dakota", region: "midwest" },
  OH: { name: "Ohio", region: "midwest" },
  OK: { name: "Oklahoma", region: "south" },
  OR: { name: "Oregon", region: "west" },
  PA: { name: "Pennsylvania", region: "northeast" },
  RI: { name: "Rhode Island", region: "northeast" },
  SC: { name: "South Carolina", region: "south" },
  SD: { name: "South Dakota", region: "midwest" },
  TN: { name: "Tennessee", region: "south" },
  TX: { name: "Texas", region: "south" },
  UT: { name: "Utah", region: "west" },
  VT: { name: "Vermont", region: "northeast" },
  VA: { name: "Virginia", region: "south" },
  WA: { name: "Washington", region: "west" },
  WV: { name: "West Virginia", region: "south" },
  WI: { name: "Wisconsin", region: "midwest" },
  WY: { name: "Wyoming", region: "west" },
} as const satisfies Record<string, { name: string; region: TUsRegion }>;
export type TUsState = keyof typeof usStates;
export const usStateCodes = Object.keys(usStates) as TUsState[];

/** The states of a Census region, in alphabetical order of their codes. */
export function statesInRegion(region: TUsRegion): TUsState[] {
  return usStateCodes.filter((code) => usStates[code].region === region).sort();
}

/**
 * A destination as the load board takes it, "IL" (a state) or "region:midwest" (a Census region), expanded to
 * the states it covers. Unknown values were refused by the input schema before this is called.
 */
export function destinationStates(destination: string): TUsState[] {
  if (destination.startsWith("region:")) return statesInRegion(destination.slice("region:".length) as TUsRegion);
  return [destination as TUsState];
}

/** Every value `destinationStates` accepts: "region:<key>" for the four regions, then the state codes. */
export const destinationValues = [
  ...(Object.keys(usRegions) as TUsRegion[]).map((r) => `region:${r}` as const),
  ...usStateCodes,
] as const;
