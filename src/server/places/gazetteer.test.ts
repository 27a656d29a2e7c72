import { beforeAll, describe, expect, it } from "vitest";

import { nearestPlace, placeById, resolvePlaces, suggestPlaces, warmGazetteer } from "./gazetteer";

// Loading the two packages takes a couple of seconds: once, before the timed tests.
beforeAll(() => warmGazetteer(), 30_000);

describe("resolvePlaces", () => {
  it("resolves a bare city name to the biggest place of that name first", () => {
    const [first] = resolvePlaces("Chicago");
    expect(first).toMatchObject({ name: "Chicago", region: "IL", country: "US", kind: "city" });
    expect(first!.lat).toBeCloseTo(41.85, 1);
    expect(first!.lng).toBeCloseTo(-87.65, 1);
    expect(first!.formattedAddress).toBe("Chicago, IL, USA");
  });

  it("uses the state after the comma, as a code or a name", () => {
    const il = resolvePlaces("Springfield, IL");
    expect(il.length).toBeGreaterThan(0);
    expect(il.every((p) => p.region === "IL" && p.name === "Springfield")).toBe(true);
    expect(resolvePlaces("springfield, massachusetts")[0]).toMatchObject({ region: "MA" });
    // Without a state the biggest Springfield (Missouri) comes first.
    expect(resolvePlaces("Springfield")[0]).toMatchObject({ region: "MO" });
  });

  it("resolves a 5-digit ZIP code (also ZIP+4 and after a city) to its point", () => {
    const [zip] = resolvePlaces("60601");
    expect(zip).toMatchObject({ kind: "postal_code", postalCode: "60601", name: "Chicago", region: "IL" });
    expect(zip!.formattedAddress).toBe("Chicago, IL 60601, USA");
    expect(resolvePlaces("90210-1234")[0]).toMatchObject({ name: "Beverly Hills", region: "CA" });
    expect(resolvePlaces("Chicago, IL 60601")[0]?.postalCode).toBe("60601");
  });

  it("finds nothing for an unknown name, ZIP code or state", () => {
    expect(resolvePlaces("Qwzxyville")).toEqual([]);
    expect(resolvePlaces("00000")).toEqual([]);
    expect(resolvePlaces("Chicago, Narnia")).toEqual([]);
    expect(resolvePlaces("Chicago, TX")).toEqual([]);
    expect(resolvePlaces("C")).toEqual([]);
  });

  it("names Canadian provinces by their postal abbreviation", () => {
    expect(resolvePlaces("Toronto, ON")[0]).toMatchObject({ country: "CA", region: "ON" });
    expect(resolvePlaces("Toronto")[0]).toMatchObject({ country: "CA", formattedAddress: "Toronto, ON, Canada" });
  });
});

describe("suggestPlaces", () => {
  it("ranks prefix matches by population, an exact name first", () => {
    const names = suggestPlaces("Hous", { limit: 3 }).map((p) => `${p.name}, ${p.region}`);
    expect(names[0]).toBe("Houston, TX");
    expect(suggestPlaces("Portland", { limit: 2 }).map((p) => p.region)).toEqual(["OR", "ME"]);
  });

  it("ranks the place near the user first when asked", () => {
    const fromMaine = suggestPlaces("Portland", { limit: 1, near: { lat: 43.9, lng: -69.9 } });
    expect(fromMaine[0]).toMatchObject({ name: "Portland", region: "ME" });
  });

  it("lists ZIP codes for a digit prefix and caps the list", () => {
    const zips = suggestPlaces("6060", { limit: 4 });
    expect(zips).toHaveLength(4);
    expect(zips.every((z) => z.postalCode!.startsWith("6060"))).toBe(true);
    expect(suggestPlaces("Sa", { limit: 50 })).toHaveLength(20);
  });

  it("gives back the same place by id", () => {
    const [chicago] = suggestPlaces("Chicago, IL", { limit: 1 });
    expect(placeById(chicago!.id)).toEqual(chicago);
    expect(placeById("city:0")).toBeNull();
  });
});

describe("ranking fixes (issue 10)", () => {
  it('reads "Chicago IL" without a comma as "Chicago, IL", and leaves a name that is also a state alone', () => {
    expect(suggestPlaces("Chicago IL")[0]).toMatchObject({ name: "Chicago", region: "IL" });
    expect(resolvePlaces("Chicago IL")[0]).toMatchObject({ name: "Chicago", region: "IL" });
    expect(resolvePlaces("springfield illinois usa")[0]).toMatchObject({ name: "Springfield", region: "IL" });
    expect(resolvePlaces("Portland Maine")[0]).toMatchObject({ name: "Portland", region: "ME" });
    expect(suggestPlaces("New York")[0]).toMatchObject({ name: "New York City", region: "NY" });
    expect(resolvePlaces("Chicago TX")).toEqual([]);
  });

  it('finds St. Louis as "Saint Louis" and "St Louis", the Missouri city first', () => {
    for (const q of ["Saint Louis", "St. Louis", "st louis", "Saint Louis, MO"]) {
      expect(resolvePlaces(q)[0], q).toMatchObject({ name: "St. Louis", region: "MO" });
    }
    expect(suggestPlaces("Saint Lou")[0]).toMatchObject({ name: "St. Louis", region: "MO" });
    // One place, not one per spelling.
    const ids = suggestPlaces("Saint Louis", { limit: 20 }).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ranks Chicago first for "Chi" (the US market before a bigger city abroad), and near places still win', () => {
    expect(suggestPlaces("Chi")[0]).toMatchObject({ name: "Chicago", region: "IL" });
    expect(suggestPlaces("Chi", { near: { lat: 22.35, lng: 91.8 } })[0]).toMatchObject({ country: "BD" });
  });
});

describe("nearestPlace", () => {
  it("answers the city a point lies in, not the nearest suburb's centre or a neighbourhood", () => {
    expect(nearestPlace({ lat: 41.8, lng: -87.7 })).toMatchObject({ name: "Chicago", region: "IL" });
    expect(nearestPlace({ lat: 41.885, lng: -87.785 })).toMatchObject({ name: "Oak Park", region: "IL" });
  });

  it("finds the place across the date line and nothing out at sea", () => {
    expect(nearestPlace({ lat: -16.5, lng: -179.95 }, 100)).toMatchObject({ name: "Labasa", country: "FJ" });
    expect(nearestPlace({ lat: 30, lng: -150 })).toBeNull();
  });
});
