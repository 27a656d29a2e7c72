// The Google / Open-Meteo stand-in driven by the app's own clients (src/server/integrations/*), chosen by base URL
// only: answers, field masks and every error shape the clients must handle (bad key, quota, zero results, bad mask).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { haversineKm } from "~/lib/geo";
import { googleGeocode } from "~/server/integrations/google/geocoding";
import { googleAutocomplete, googlePlaceDetails } from "~/server/integrations/google/places";
import { googleComputeRoute } from "~/server/integrations/google/routes";
import { fetchGoogleForecastHour } from "~/server/integrations/google/weather";
import { fetchHourlyForecast } from "~/server/integrations/open-meteo/forecast";
import { OutsideServiceError } from "~/server/integrations/outside-error";
import { resolvePlaces, warmGazetteer } from "~/server/places/gazetteer";
import { type GoogleStandIn, startGoogleStandIn } from "./index";
import { ROAD_FACTOR, SPEED_KMH } from "./routes";

let google: GoogleStandIn;
const HOUR = 3_600_000;
const nextHour = () => new Date(Math.ceil(Date.now() / HOUR) * HOUR);

beforeAll(async () => {
  warmGazetteer();
  google = await startGoogleStandIn({
    keys: {
      "good-key": {},
      "one-a-minute": { requestsPerMinute: 1 },
      "no-quota": { requestsPerMinute: 0 },
      "maps-blocked": { blocked: true },
    },
    openMeteoRequestsPerMinute: 1000,
    // Snow over Denver at every hour: a test can ask for a warning-worthy forecast and get it.
    weather: (p) =>
      Math.abs(p.lat - 39.74) < 0.1 && Math.abs(p.lng + 104.98) < 0.1
        ? { temperature_2m: -4, snowfall: 1.5, precipitation: 1.1, rain: 0, weather_code: 73 }
        : undefined,
  });
}, 60_000);
afterAll(() => google.close());

const config = (apiKey = "good-key") => ({ apiKey, baseUrl: google.url });

async function failure(p: Promise<unknown>): Promise<OutsideServiceError> {
  const outcome = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(OutsideServiceError);
  return outcome as OutsideServiceError;
}

describe("Places Autocomplete (New) and Place Details", () => {
  it("suggests gazetteer places with two-line text, and distance from the origin", async () => {
    const near = { lat: 41.88, lng: -87.63 };
    const suggestions = await googleAutocomplete(config(), { text: "Chicago, IL", near });
    expect(suggestions[0]).toMatchObject({ mainText: "Chicago", secondaryText: "IL, USA", text: "Chicago, IL, USA" });
    expect(suggestions[0]!.placeId).toMatch(/^ChIJ/);
    expect(suggestions[0]!.distanceMeters).toBeLessThan(5_000);
    expect(await googleAutocomplete(config(), { text: "Qwzxyville" })).toEqual([]);
  });

  it("details the chosen place with its address fields and the gazetteer's point", async () => {
    const [zip] = await googleAutocomplete(config(), { text: "60601" });
    const place = await googlePlaceDetails(config(), { placeId: zip!.placeId, sessionToken: "s-1" });
    const [expected] = resolvePlaces("60601");
    expect(place).toMatchObject({
      placeId: zip!.placeId,
      formattedAddress: "Chicago, IL 60601, USA",
      city: "Chicago",
      region: "IL",
      postalCode: "60601",
      country: "US",
      lat: expected!.lat,
      lng: expected!.lng,
    });
  });

  it("answers NOT_FOUND for an id it never gave out", async () => {
    const e = await failure(googlePlaceDetails(config(), { placeId: "ChIJdoesnotexist" }));
    expect([e.kind, e.httpStatus]).toEqual(["not-found", 404]);
  });

  it("requires a field mask on Place Details and refuses a path Place does not have", async () => {
    const [s] = await googleAutocomplete(config(), { text: "Houston" });
    const url = `${google.url}/v1/places/${s!.placeId}`;
    const none = await fetch(url, { headers: { "X-Goog-Api-Key": "good-key" } });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({
      error: { status: "INVALID_ARGUMENT", message: expect.stringContaining("FieldMask is a required parameter") },
    });
    const bad = await fetch(url, { headers: { "X-Goog-Api-Key": "good-key", "X-Goog-FieldMask": "id,nonsense" } });
    expect(await bad.json()).toMatchObject({ error: { code: 400, message: expect.stringContaining("'nonsense'") } });
    const some = await fetch(`${url}?fields=id,location`, { headers: { "X-Goog-Api-Key": "good-key" } });
    expect(Object.keys((await some.json()) as object).sort()).toEqual(["id", "location"]);
  });
});

describe("keys and quotas", () => {
  it("refuses a missing key with 403 PERMISSION_DENIED and an unknown key with 400 API_KEY_INVALID: both 'auth'", async () => {
    const missing = await fetch(`${google.url}/v1/places:autocomplete`, { method: "POST", body: '{"input":"Chi"}' });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED" } });
    const e = await failure(googleAutocomplete(config("not-a-key"), { text: "Chicago" }));
    expect([e.kind, e.httpStatus]).toEqual(["auth", 400]);
    expect(e.message).toContain("API key not valid");
    const blocked = await failure(
      googleComputeRoute(config("maps-blocked"), {
        origin: { lat: 41.88, lng: -87.63 },
        destination: { lat: 29.76, lng: -95.37 },
      }),
    );
    expect([blocked.kind, blocked.httpStatus]).toEqual(["auth", 403]);
  });

  it("counts a key's requests per minute and answers 429 RESOURCE_EXHAUSTED past its quota: 'quota'", async () => {
    await googleAutocomplete(config("one-a-minute"), { text: "Chicago" });
    const e = await failure(googleAutocomplete(config("one-a-minute"), { text: "Chicago" }));
    expect([e.kind, e.httpStatus]).toEqual(["quota", 429]);
    expect(e.message).toContain("RESOURCE_EXHAUSTED");
  });

  it("answers the Geocoding API's refusals as status words with HTTP 200", async () => {
    const denied = await failure(googleGeocode(config("not-a-key"), { address: "Chicago, IL" }));
    expect([denied.kind, denied.httpStatus, denied.message]).toEqual([
      "auth",
      200,
      "Google Geocoding: REQUEST_DENIED: The provided API key is invalid.",
    ]);
    const over = await failure(googleGeocode(config("no-quota"), { address: "Chicago, IL" }));
    expect([over.kind, over.message]).toEqual([
      "quota",
      "Google Geocoding: OVER_QUERY_LIMIT: You have exceeded your rate-limit for this API.",
    ]);
  });
});

describe("Geocoding API", () => {
  it("geocodes 'City, ST' and a ZIP code, and gives [] for ZERO_RESULTS", async () => {
    const [springfield] = await googleGeocode(config(), { address: "Springfield, IL" });
    expect(springfield).toMatchObject({ city: "Springfield", region: "IL", country: "US", postalCode: null });
    const [zip] = await googleGeocode(config(), { address: "90210" });
    expect(zip).toMatchObject({ city: "Beverly Hills", region: "CA", postalCode: "90210" });
    expect(await googleGeocode(config(), { address: "Qwzxyville, ZZ" })).toEqual([]);
  });

  it("reverse-geocodes a point to the nearest place, and asks for a parameter when none is given", async () => {
    const near = await fetch(`${google.url}/maps/api/geocode/json?latlng=41.80,-87.70&key=good-key`);
    expect(await near.json()).toMatchObject({ status: "OK", results: [{ formatted_address: "Chicago, IL, USA" }] });
    const sea = await fetch(`${google.url}/maps/api/geocode/json?latlng=30,-150&key=good-key`);
    expect(await sea.json()).toEqual({ results: [], status: "ZERO_RESULTS" });
    const none = await fetch(`${google.url}/maps/api/geocode/json?key=good-key`);
    expect([none.status, ((await none.json()) as { status: string }).status]).toEqual([400, "INVALID_REQUEST"]);
  });
});

describe("Routes API computeRoutes", () => {
  it("routes a lane: road metres, traffic-aware seconds and the line from end to end", async () => {
    const chicago = { lat: 41.85, lng: -87.65 };
    const houston = { lat: 29.76, lng: -95.36 };
    const route = await googleComputeRoute(config(), {
      origin: chicago,
      destination: houston,
      departAt: new Date(Date.now() + 3 * HOUR),
    });
    const km = haversineKm(chicago, houston) * ROAD_FACTOR;
    expect(route!.distanceMeters).toBeCloseTo(km * 1000, -1);
    expect(route!.staticDurationSec).toBeCloseTo((km / SPEED_KMH) * 3600, -1);
    expect(route!.durationSec).toBeGreaterThan(route!.staticDurationSec);
    expect(haversineKm(route!.path[0]!, chicago)).toBeLessThan(0.01);
    expect(haversineKm(route!.path.at(-1)!, houston)).toBeLessThan(0.01);
  });

  it("routes across the date line the short way (Fiji, Vanua Levu)", async () => {
    const west = { lat: -16.45, lng: 179.6 };
    const east = { lat: -16.6, lng: -179.9 };
    const route = await googleComputeRoute(config(), { origin: west, destination: east });
    expect(route!.distanceMeters).toBeCloseTo(haversineKm(west, east) * ROAD_FACTOR * 1000, -2);
    expect(route!.distanceMeters).toBeLessThan(100_000);
    for (const p of route!.path) expect(Math.abs(p.lng)).toBeGreaterThan(179.5);
  });

  it("finds no route out at sea: Google's empty answer becomes null", async () => {
    expect(
      await googleComputeRoute(config(), { origin: { lat: 41.85, lng: -87.65 }, destination: { lat: 30, lng: -150 } }),
    ).toBeNull();
  });

  it("requires a field mask, refuses an unknown field and a departure in the past", async () => {
    const body = JSON.stringify({
      origin: { location: { latLng: { latitude: 41.85, longitude: -87.65 } } },
      destination: { location: { latLng: { latitude: 29.76, longitude: -95.36 } } },
    });
    const post = (headers: Record<string, string>, b = body) =>
      fetch(`${google.url}/directions/v2:computeRoutes`, {
        method: "POST",
        headers: { "X-Goog-Api-Key": "good-key", ...headers },
        body: b,
      });
    const noMask = await post({});
    expect([noMask.status, ((await noMask.json()) as { error: { status: string } }).error.status]).toEqual([
      400,
      "INVALID_ARGUMENT",
    ]);
    const badMask = await post({ "X-Goog-FieldMask": "routes.distanceMeters,routes.teleport" });
    expect(await badMask.json()).toMatchObject({
      error: { message: "Error expanding 'fields' parameter. Cannot find matching fields for path 'routes.teleport'." },
    });
    const past = await post(
      { "X-Goog-FieldMask": "routes.duration" },
      JSON.stringify({ ...JSON.parse(body), departureTime: "2020-01-01T00:00:00Z" }),
    );
    expect(await past.json()).toMatchObject({
      error: { code: 400, message: "Timestamp must be set to a future time." },
    });
    const masked = await post({ "X-Goog-FieldMask": "routes.duration" });
    expect(await masked.json()).toEqual({ routes: [{ duration: expect.stringMatching(/^\d+s$/) }] });
  });
});

describe("Open-Meteo forecast", () => {
  it("gives each hour asked for, the same numbers for the same place and hour", async () => {
    const from = nextHour();
    const to = new Date(from.getTime() + 2 * HOUR);
    const hours = await fetchHourlyForecast({ baseUrl: google.url }, { point: { lat: 41.85, lng: -87.65 }, from, to });
    expect(hours.map((h) => h.hourStart.getTime())).toEqual([0, 1, 2].map((i) => from.getTime() + i * HOUR));
    const again = await fetchHourlyForecast({ baseUrl: google.url }, { point: { lat: 41.85, lng: -87.65 }, from, to });
    expect(again).toEqual(hours);
    for (const h of hours) expect(h.temperatureC).toBeGreaterThan(-60);
  });

  it("answers a list of points with a list, and refuses an unknown variable with Open-Meteo's reason", async () => {
    const start = nextHour().toISOString().slice(0, 16);
    const both = await fetch(
      `${google.url}/v1/forecast?latitude=41.85,29.76&longitude=-87.65,-95.36&hourly=temperature_2m&start_hour=${start}&end_hour=${start}`,
    );
    const body = (await both.json()) as { latitude: number; hourly: { temperature_2m: number[] } }[];
    expect(body.map((b) => [b.latitude, b.hourly.temperature_2m.length])).toEqual([
      [41.85, 1],
      [29.76, 1],
    ]);
    const bad = await fetch(`${google.url}/v1/forecast?latitude=41.85&longitude=-87.65&hourly=tempeture_2m`);
    expect([bad.status, await bad.json()]).toEqual([
      400,
      { error: true, reason: "Cannot initialize ForecastVariable from invalid String value tempeture_2m for key " },
    ]);
  });

  it("serves a test's pinned conditions", async () => {
    const from = nextHour();
    const [h] = await fetchHourlyForecast(
      { baseUrl: google.url },
      { point: { lat: 39.74, lng: -104.98 }, from, to: from },
    );
    expect(h).toMatchObject({ temperatureC: -4, snowfallCm: 1.5, weatherCode: 73 });
  });

  it("refuses a range past its 16 days with Open-Meteo's 400 body; an unreachable host is 'unavailable'", async () => {
    const far = new Date(Date.now() + 20 * 24 * HOUR);
    const e = await failure(
      fetchHourlyForecast({ baseUrl: google.url }, { point: { lat: 41.85, lng: -87.65 }, from: far, to: far }),
    );
    expect([e.kind, e.httpStatus]).toEqual(["bad-request", 400]);
    expect(e.message).toContain("out of allowed range");
    const down = await failure(
      fetchHourlyForecast(
        { baseUrl: "http://127.0.0.1:9" },
        { point: { lat: 41.85, lng: -87.65 }, from: nextHour(), to: nextHour() },
      ),
    );
    expect(down.kind).toBe("unavailable");
  });

  it("answers 429 past its per-minute limit: 'quota'", async () => {
    const limited = await startGoogleStandIn({ openMeteoRequestsPerMinute: 0 });
    try {
      const e = await failure(
        fetchHourlyForecast(
          { baseUrl: limited.url },
          { point: { lat: 41.85, lng: -87.65 }, from: nextHour(), to: nextHour() },
        ),
      );
      expect([e.kind, e.httpStatus]).toEqual(["quota", 429]);
    } finally {
      await limited.close();
    }
  });
});

describe("Weather API hourly forecast", () => {
  const denver = { lat: 39.74, lng: -104.98 };

  it("pages to the hour asked for (24 records a page) and reads Google's metric shape like Open-Meteo's", async () => {
    const before = google.requests().filter((r) => r.path === "/v1/forecast/hours:lookup").length;
    const hourStart = new Date(Math.floor(Date.now() / HOUR) * HOUR + 30 * HOUR);
    const h = await fetchGoogleForecastHour(config(), { point: denver, hourStart });
    expect(h).toMatchObject({ hourStart, temperatureC: -4, snowfallCm: 1.5, weatherCode: 73, description: "Snow" });
    // Hour 30 is on the second page.
    expect(google.requests().filter((r) => r.path === "/v1/forecast/hours:lookup").length).toBe(before + 2);
    const [meteo] = await fetchHourlyForecast(
      { baseUrl: google.url },
      { point: denver, from: hourStart, to: hourStart },
    );
    expect(h!.windKmh).toBe(meteo!.windKmh);
  });

  it("refuses an hour outside its 240 before asking, a bad key as 'auth', and answers INVALID_ARGUMENT as Google does", async () => {
    const past = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
    expect((await failure(fetchGoogleForecastHour(config(), { point: denver, hourStart: past }))).kind).toBe(
      "bad-request",
    );
    const beyond = new Date(Math.floor(Date.now() / HOUR) * HOUR + 240 * HOUR);
    expect((await failure(fetchGoogleForecastHour(config(), { point: denver, hourStart: beyond }))).kind).toBe(
      "bad-request",
    );
    const bad = await failure(fetchGoogleForecastHour(config("nobody"), { point: denver, hourStart: nextHour() }));
    expect(bad.kind).toBe("auth");
    for (const query of [
      "location.latitude=91&location.longitude=0",
      "location.latitude=10&location.longitude=10&hours=241",
      "location.latitude=10&location.longitude=10&pageSize=25",
      "location.latitude=10&location.longitude=10&pageToken=forged",
    ]) {
      const res = await fetch(`${google.url}/v1/forecast/hours:lookup?key=good-key&${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { status: string } }).error.status).toBe("INVALID_ARGUMENT");
    }
  });
});
