// The places router against a real database and the Google / Open-Meteo stand-in: address search and resolution
// with a key (Google) and without (gazetteer), every Google failure falling back or answering a readable error,
// routes (Google or a labelled estimate) and weather (or "unavailable") for a shipment's parties, the caches, the
// rate limit and input errors.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startGoogleStandIn, type GoogleStandIn } from "../../../devstack/google";
import { ROAD_FACTOR } from "../../../devstack/google/routes";
import { createShipment, createUser } from "../../../prisma/factories";
import { cities } from "../../../prisma/cities";
import { callerWith, sessionFor } from "../../../scripts/test/helpers";
import type { Role } from "~/generated/prisma/enums";
import { haversineKm } from "~/lib/geo";
import { DETOUR_FACTOR } from "~/lib/route-estimate";
import { db } from "~/server/db";
import { warmGazetteer } from "./gazetteer";
import type { TOutsideServices } from "./outside-services";

const KEY = "places-test-key";
const EXHAUSTED = "places-test-exhausted";
let google: GoogleStandIn;

beforeAll(async () => {
  warmGazetteer();
  google = await startGoogleStandIn({
    keys: { [KEY]: {}, [EXHAUSTED]: { requestsPerMinute: 0 } },
    // Snow and gales at Chicago, whatever the hour: the pick-up of every test shipment.
    weather: (p) =>
      haversineKm(p, cities.chicago) < 20
        ? { temperature_2m: -6, snowfall: 2.1, precipitation: 1.5, rain: 0, weather_code: 75, wind_gusts_10m: 90 }
        : undefined,
  });
}, 60_000);
afterAll(() => google.close());

const outside = (apiKey: string | null, meteoUrl = google.url): TOutsideServices => ({
  google: apiKey === null ? null : { apiKey, baseUrl: google.url },
  openMeteo: { baseUrl: meteoUrl },
});
const withKey = () => outside(KEY);
const noKey = () => outside(null);

async function as(role: Role, services: TOutsideServices) {
  const user = await createUser(db, { role });
  return { user, caller: callerWith(await sessionFor(user.id), "127.0.0.1", services) };
}

async function failure(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

const countRequests = (path: string) => google.requests().filter((r) => r.path === path).length;

describe("places.autocomplete and places.resolve without a key", () => {
  it("suggests from the gazetteer and resolves to stop fields with the zone, source 'gazetteer'", async () => {
    const { caller } = await as("SHIPPER", noKey());
    const before = google.requests().length;
    const search = await caller.places.autocomplete({ q: "Chicago, IL" });
    expect(search).toMatchObject({ source: "gazetteer", notice: null });
    expect(search.suggestions[0]).toMatchObject({
      label: "Chicago, IL, USA",
      mainText: "Chicago",
      source: "gazetteer",
    });
    const place = await caller.places.resolve({ placeId: search.suggestions[0]!.placeId });
    expect(place).toMatchObject({
      source: "gazetteer",
      city: "Chicago",
      region: "IL",
      country: "US",
      timeZone: "America/Chicago",
    });
    const [zip] = (await caller.places.geocode({ q: "10001" })).places;
    expect(zip).toMatchObject({ postalCode: "10001", region: "NY", timeZone: "America/New_York", source: "gazetteer" });
    expect(google.requests().length).toBe(before);
  });

  it("refuses to resolve a Google suggestion when no key is configured, with a field error", async () => {
    const { caller } = await as("SHIPPER", noKey());
    const e = await failure(caller.places.resolve({ placeId: "ChIJabc" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect((e.cause as { fieldErrors?: Record<string, string[]> }).fieldErrors?.placeId?.[0]).toMatch(/not configured/);
  });

  it("answers bad input with field errors, never a 500", async () => {
    const { caller } = await as("DRIVER", noKey());
    const short = await failure(caller.places.autocomplete({ q: " c " }));
    expect(short.code).toBe("BAD_REQUEST");
    const far = await failure(caller.places.autocomplete({ q: "Chicago", near: { lat: 91, lng: 0 } }));
    expect(far.code).toBe("BAD_REQUEST");
    expect((await failure(caller.places.resolve({ placeId: "gz:city:0" }))).code).toBe("NOT_FOUND");
    expect((await failure(caller.places.resolve({ placeId: "<script>" }))).code).toBe("BAD_REQUEST");
  });

  it("limits address searches to 60 a minute per user", async () => {
    const { caller } = await as("SHIPPER", noKey());
    for (let i = 0; i < 60; i++) await caller.places.autocomplete({ q: "Mil" });
    const e = await failure(caller.places.autocomplete({ q: "Mil" }));
    expect(e.code).toBe("TOO_MANY_REQUESTS");
    expect(e.message).toMatch(/Too many address searches/);
  });
});

describe("places with a Google key (the stand-in)", () => {
  it("suggests and resolves through Google, and keeps the details in the cache", async () => {
    const { caller } = await as("SHIPPER", withKey());
    const search = await caller.places.autocomplete({ q: "60601", sessionToken: "tok-1" });
    expect(search.source).toBe("google");
    const id = search.suggestions[0]!.placeId;
    expect(id).toMatch(/^ChIJ/);
    const details = countRequests(`/v1/places/${id}`);
    const place = await caller.places.resolve({ placeId: id, sessionToken: "tok-1" });
    expect(place).toMatchObject({
      source: "google",
      formattedAddress: "Chicago, IL 60601, USA",
      postalCode: "60601",
      timeZone: "America/Chicago",
    });
    expect(await caller.places.resolve({ placeId: id })).toEqual(place);
    expect(countRequests(`/v1/places/${id}`)).toBe(details + 1);
    const geo = await caller.places.geocode({ q: "Denver, CO" });
    expect(geo).toMatchObject({ source: "google", places: [{ city: "Denver", timeZone: "America/Denver" }] });
  });

  it("falls back to the gazetteer, saying why, when Google refuses the key or the quota is used up", async () => {
    const bad = await as("SHIPPER", outside("revoked-key"));
    const refused = await bad.caller.places.autocomplete({ q: "Chicago, IL" });
    expect(refused.source).toBe("gazetteer");
    expect(refused.suggestions[0]?.label).toBe("Chicago, IL, USA");
    expect(refused.notice).toBe(
      "Address search is using the offline list of cities and US ZIP codes: the server's Google key was refused.",
    );
    const over = await as("SHIPPER", outside(EXHAUSTED));
    const quota = await over.caller.places.autocomplete({ q: "Chicago, IL" });
    expect(quota).toMatchObject({ source: "gazetteer", notice: expect.stringContaining("quota is used up") });
    expect((await over.caller.places.geocode({ q: "60601" })).notice).toMatch(/quota/);
  });

  it("answers a readable NOT_CONFIGURED when Google fails to detail a Google suggestion", async () => {
    const ok = await as("SHIPPER", withKey());
    const [s] = (await ok.caller.places.autocomplete({ q: "Houston" })).suggestions;
    const bad = await as("SHIPPER", outside("revoked-key"));
    const e = await failure(bad.caller.places.resolve({ placeId: s!.placeId }));
    expect(e.code).toBe("SERVICE_UNAVAILABLE");
    expect(e.message).toBe(
      "Address search is using the offline list: the server's Google key was refused. Search again to pick from it.",
    );
  });
});

describe("places.route", () => {
  it("routes a shipment through Google Routes once per lane and hour, then from the cache", async () => {
    const shipper = await as("SHIPPER", withKey());
    const { shipment } = await createShipment(db, { shipperId: shipper.user.id, from: "chicago", to: "nashville" });
    const before = countRequests("/directions/v2:computeRoutes");
    const route = await shipper.caller.places.route({ shipmentId: shipment.id });
    const gcKm = haversineKm(cities.chicago, cities.nashville);
    expect(route).toMatchObject({ source: "google", estimate: false, note: null, pickupTimeZone: "America/Chicago" });
    expect(route.distanceMeters).toBeCloseTo(gcKm * ROAD_FACTOR * 1000, -2);
    expect(haversineKm(route.path[0]!, cities.chicago)).toBeLessThan(0.01);
    expect(await shipper.caller.places.route({ shipmentId: shipment.id })).toEqual(route);
    expect(countRequests("/directions/v2:computeRoutes")).toBe(before + 1);
  });

  it("estimates without a key, and when Google refuses the key, labelled as an estimate", async () => {
    // A lane no other test routes through Google: a cached Google answer would (rightly) be served to any key.
    const shipper = await as("SHIPPER", noKey());
    const { shipment } = await createShipment(db, { shipperId: shipper.user.id, from: "chicago", to: "louisville" });
    const route = await shipper.caller.places.route({ shipmentId: shipment.id });
    const gcKm = haversineKm(cities.chicago, cities.louisville);
    expect(route).toMatchObject({ source: "estimate", estimate: true, pickupTimeZone: "America/Chicago" });
    expect(route.distanceMeters).toBe(Math.round(gcKm * DETOUR_FACTOR * 1000));
    expect(route.note).toBe("Estimate: great-circle distance x 1.2 at 75 km/h.");
    const refused = callerWith(await sessionFor(shipper.user.id), "127.0.0.1", outside("revoked-key"));
    const fallback = await refused.places.route({ shipmentId: shipment.id });
    expect(fallback).toMatchObject({ estimate: true, distanceMeters: route.distanceMeters });
    expect(fallback.note).toContain("Google routing failed: the server's Google key was refused.");
  });

  it("shows the route to the shipper, admins and drivers viewing the open load; NOT_FOUND to anyone else", async () => {
    const shipper = await as("SHIPPER", noKey());
    const { shipment } = await createShipment(db, { shipperId: shipper.user.id, status: "POSTED" });
    const admin = await as("ADMIN", noKey());
    const driver = await as("DRIVER", noKey());
    const stranger = await as("SHIPPER", noKey());
    for (const who of [admin, driver])
      expect((await who.caller.places.route({ shipmentId: shipment.id })).estimate).toBe(true);
    expect((await failure(stranger.caller.places.route({ shipmentId: shipment.id }))).code).toBe("NOT_FOUND");
    expect((await failure(stranger.caller.places.weather({ shipmentId: shipment.id }))).code).toBe("NOT_FOUND");
    const draft = await createShipment(db, { shipperId: shipper.user.id, status: "DRAFT" });
    expect((await failure(driver.caller.places.route({ shipmentId: draft.shipment.id }))).code).toBe("NOT_FOUND");
  });
});

describe("places.weather", () => {
  it("gives pick-up, midway and drop-off forecasts at the planned times, with warnings, cached per place and hour", async () => {
    const shipper = await as("SHIPPER", noKey());
    const { shipment } = await createShipment(db, { shipperId: shipper.user.id, from: "chicago", to: "indianapolis" });
    const before = countRequests("/v1/forecast");
    const stops = await shipper.caller.places.weather({ shipmentId: shipment.id });
    expect(stops.map((s) => s.role)).toEqual(["pickup", "midway", "dropoff"]);
    expect(stops[0]).toMatchObject({ at: shipment.pickupWindowStart, timeZone: "America/Chicago" });
    expect(stops[2]).toMatchObject({ at: shipment.dropoffWindowStart, timeZone: "America/Indiana/Indianapolis" });
    const pickup = stops[0]!.forecast;
    expect(pickup).toMatchObject({
      state: "ok",
      conditions: "Heavy snow",
      temperatureC: -6,
      snowfallCm: 2.1,
      source: "open-meteo",
    });
    expect(pickup.state === "ok" && pickup.warnings.map((w) => w.kind)).toEqual(["snow", "high-wind"]);
    expect(stops[2]!.forecast.state).toBe("ok");
    expect(countRequests("/v1/forecast")).toBe(before + 3);
    expect(await shipper.caller.places.weather({ shipmentId: shipment.id })).toEqual(stops);
    expect(countRequests("/v1/forecast")).toBe(before + 3);
  });

  it("with a key, asks Google's Weather API for the hours it covers (240 from now) and Open-Meteo for later ones", async () => {
    const shipper = await as("SHIPPER", withKey());
    // Pick-up tomorrow: inside Google's hourly forecast. Another load picked up in 11 days: past it.
    const soon = await createShipment(db, { shipperId: shipper.user.id, from: "chicago", to: "indianapolis" });
    const later = await createShipment(db, {
      shipperId: shipper.user.id,
      from: "chicago",
      to: "indianapolis",
      createdAt: new Date(Date.now() + 10 * 24 * 3_600_000),
    });
    const [googleBefore, meteoBefore] = [countRequests("/v1/forecast/hours:lookup"), countRequests("/v1/forecast")];
    const stops = await shipper.caller.places.weather({ shipmentId: soon.shipment.id });
    // The pinned Chicago snow, through Google's shape: HEAVY_SNOW, °C, and 3 mm of snow water read back as 2.1 cm.
    expect(stops[0]!.forecast).toMatchObject({
      state: "ok",
      conditions: "Heavy snow",
      temperatureC: -6,
      snowfallCm: 2.1,
      source: "google",
    });
    const pickup = stops[0]!.forecast;
    expect(pickup.state === "ok" && pickup.warnings.map((w) => w.kind)).toEqual(["snow", "high-wind"]);
    expect(countRequests("/v1/forecast/hours:lookup")).toBeGreaterThanOrEqual(googleBefore + 3);
    expect(countRequests("/v1/forecast")).toBe(meteoBefore);

    const far = await shipper.caller.places.weather({ shipmentId: later.shipment.id });
    expect(far[0]!.forecast).toMatchObject({
      state: "ok",
      conditions: "Heavy snow",
      temperatureC: -6,
      source: "open-meteo",
    });
    expect(countRequests("/v1/forecast")).toBe(meteoBefore + 3);
  });

  it("with a key Google refuses, says 'unavailable' rather than passing off Open-Meteo's numbers as Google's", async () => {
    const shipper = await as("SHIPPER", outside("revoked-key"));
    const { shipment } = await createShipment(db, { shipperId: shipper.user.id, from: "detroit", to: "columbus" });
    const stops = await shipper.caller.places.weather({ shipmentId: shipment.id });
    expect(stops.map((s) => s.forecast)).toEqual(
      Array(3).fill({ state: "unavailable", reason: "The weather service refused the request." }),
    );
  });

  it("says 'unavailable' at every point when Open-Meteo cannot be reached, never a made-up forecast", async () => {
    const shipper = await as("SHIPPER", outside(null, "http://127.0.0.1:9"));
    const { shipment } = await createShipment(db, { shipperId: shipper.user.id, from: "detroit", to: "columbus" });
    const stops = await shipper.caller.places.weather({ shipmentId: shipment.id });
    expect(stops.map((s) => s.forecast)).toEqual(
      Array(3).fill({ state: "unavailable", reason: "The weather service could not be reached." }),
    );
  });
});
