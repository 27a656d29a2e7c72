// Places, routes and weather: address search and resolution for stops (Google with a key, else the offline
// gazetteer, each answer naming its source), and a shipment's route and weather for the people who may see it.
import { z } from "zod";

import { ZIdSchema, ZLatitudeSchema, ZLongitudeSchema, ZText } from "~/lib/schemas/primitives";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "~/server/api/trpc";
import { geocodeText, resolvePlace } from "~/server/places/resolve-place";
import { searchPlaces } from "~/server/places/search-places";
import { consume, consumeAll, limits } from "~/server/services/rate-limit/rate-limit";
import { getShipmentRoute, getShipmentWeather } from "~/server/services/shipments/get-shipment-trip";

const ZSourceSchema = z.enum(["google", "gazetteer"]);

const ZQuerySchema = ZText({
  min: 2,
  max: 200,
  required: "Type at least 2 characters of a city, address or ZIP code.",
  tooLong: "Use at most 200 characters.",
});

/** Google's session tokens are caller-made; we accept a UUID-like token (letters, digits, - and _, up to 64). */
const ZSessionTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "Invalid session token." })
  .optional();

/** A suggestion's id: a Google place ID or a gazetteer id (`gz:city:…`, `gz:zip:…`). */
const ZPlaceIdSchema = z
  .string({ error: "Pick a suggestion." })
  .min(1, { error: "Pick a suggestion." })
  .max(512, { error: "Unknown place." })
  .regex(/^[A-Za-z0-9_:.-]+$/, { error: "Unknown place." });

const ZLatLngSchema = z.object({ lat: ZLatitudeSchema, lng: ZLongitudeSchema });

export const ZResolvedPlaceSchema = z.object({
  placeId: z.string(),
  source: ZSourceSchema,
  formattedAddress: z.string(),
  line1: z.string(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
  timeZone: z.string(),
});

const ZSuggestionsSchema = z.object({
  source: ZSourceSchema,
  notice: z.string().nullable(),
  suggestions: z.array(
    z.object({
      placeId: z.string(),
      mainText: z.string(),
      secondaryText: z.string(),
      label: z.string(),
      source: ZSourceSchema,
    }),
  ),
});

/** The offline gazetteer only: what people not signed in (a driver registering) may search, at no outside cost. */
const GAZETTEER_ONLY = { google: null } as const;

const ZWarningSchema = z.object({ kind: z.enum(["snow", "ice", "heavy-rain", "high-wind"]), message: z.string() });

export const ZWeatherStopSchema = z.object({
  role: z.enum(["pickup", "midway", "dropoff"]),
  at: z.date(),
  lat: z.number(),
  lng: z.number(),
  timeZone: z.string(),
  forecast: z.discriminatedUnion("state", [
    z.object({
      state: z.literal("ok"),
      conditions: z.string(),
      weatherCode: z.number(),
      temperatureC: z.number(),
      precipitationMm: z.number(),
      snowfallCm: z.number(),
      windKmh: z.number(),
      gustKmh: z.number(),
      warnings: z.array(ZWarningSchema),
      hourStart: z.date(),
      /** Who forecast it: Google's Weather API (with a key, the next 240 hours) or Open-Meteo. */
      source: z.enum(["google", "open-meteo"]),
    }),
    z.object({ state: z.literal("unavailable"), reason: z.string() }),
  ]),
});

export const ZShipmentRouteSchema = z.object({
  source: z.enum(["google", "estimate"]),
  estimate: z.boolean(),
  distanceMeters: z.number(),
  durationSec: z.number(),
  path: z.array(ZLatLngSchema),
  note: z.string().nullable(),
  pickupTimeZone: z.string(),
  dropoffTimeZone: z.string(),
});

export const placesRouter = createTRPCRouter({
  /**
   * Up to 5 suggestions for `q` (2-200 characters: a city, "City, ST", an address or a ZIP code), ranked towards
   * `near` (degrees) when given; `sessionToken` groups one search's calls for Google's billing. `source` says who
   * answered; `notice` says why the offline list answered although Google is configured. Errors: BAD_REQUEST with
   * field errors, TOO_MANY_REQUESTS (60 a minute, 1,000 a day per user).
   */
  autocomplete: protectedProcedure
    .input(z.object({ q: ZQuerySchema, near: ZLatLngSchema.optional(), sessionToken: ZSessionTokenSchema }))
    .output(ZSuggestionsSchema)
    .query(async ({ ctx, input }) => {
      await consumeAll(
        [limits.placesSearchMinute(ctx.session.user.id), limits.placesSearchDay(ctx.session.user.id)],
        "address searches",
      );
      return searchPlaces({ ...input, outside: ctx.outside });
    }),

  /**
   * A suggestion's stop fields: formatted address, street line, city, region, postal code, country, lat/lng
   * (degrees), IANA zone and source. Errors: NOT_FOUND (unknown place), BAD_REQUEST (a Google suggestion while
   * Google is not configured), NOT_CONFIGURED (Google refused or failed; search again), TOO_MANY_REQUESTS.
   */
  resolve: protectedProcedure
    .input(z.object({ placeId: ZPlaceIdSchema, sessionToken: ZSessionTokenSchema }))
    .output(ZResolvedPlaceSchema)
    .query(async ({ ctx, input }) => {
      await consume(limits.placesLookup(ctx.session.user.id), "place lookups");
      return resolvePlace({ ...input, outside: ctx.outside });
    }),

  /**
   * The places typed text names ("Chicago, IL", "60601"), best first, at most 5, with the same fields as `resolve`;
   * [] when none. Errors: BAD_REQUEST with field errors, TOO_MANY_REQUESTS.
   */
  geocode: protectedProcedure
    .input(z.object({ q: ZQuerySchema }))
    .output(z.object({ source: ZSourceSchema, notice: z.string().nullable(), places: z.array(ZResolvedPlaceSchema) }))
    .query(async ({ ctx, input }) => {
      await consume(limits.placesLookup(ctx.session.user.id), "place lookups");
      return geocodeText({ q: input.q, outside: ctx.outside });
    }),

  /**
   * The shipment's road route (metres, seconds, line) from Google Routes, or an estimate flagged `estimate: true`
   * with a `note`; each stop's zone. For its shipper, assigned driver, admins and drivers viewing an open load;
   * NOT_FOUND for anyone else. TOO_MANY_REQUESTS past 60 lookups a minute.
   */
  route: protectedProcedure
    .input(z.object({ shipmentId: ZIdSchema }))
    .output(ZShipmentRouteSchema)
    .query(async ({ ctx, input }) => {
      await consume(limits.placesLookup(ctx.session.user.id), "place lookups");
      return getShipmentRoute(ctx.session.user, input.shipmentId, ctx.outside);
    }),

  /**
   * Weather at pick-up, midway and drop-off at the planned times (°C, mm, cm of snow, km/h, WMO code, warnings),
   * or `unavailable` with a reason per point. Same access and limit as `route`.
   */
  weather: protectedProcedure
    .input(z.object({ shipmentId: ZIdSchema }))
    .output(z.array(ZWeatherStopSchema))
    .query(async ({ ctx, input }) => {
      await consume(limits.placesLookup(ctx.session.user.id), "place lookups");
      return getShipmentWeather(ctx.session.user, input.shipmentId, ctx.outside);
    }),

  /**
   * Suggestions for someone not signed in (a driver choosing a home base while registering): like `autocomplete`,
   * from the offline gazetteer only (cities, "City, ST", US ZIP codes), so an anonymous caller runs up no Google bill.
   * Errors: BAD_REQUEST with field errors, TOO_MANY_REQUESTS (60 a minute per client address).
   */
  signUpSearch: publicProcedure
    .input(z.object({ q: ZQuerySchema, near: ZLatLngSchema.optional() }))
    .output(ZSuggestionsSchema)
    .query(async ({ ctx, input }) => {
      await consume(limits.placesSearchIp(ctx.meta.ip), "address searches");
      return searchPlaces({ ...input, outside: { ...ctx.outside, ...GAZETTEER_ONLY } });
    }),

  /**
   * A `signUpSearch` suggestion's fields (as `resolve`). Errors: NOT_FOUND (unknown place), BAD_REQUEST (not a
   * gazetteer place), TOO_MANY_REQUESTS (shared with `signUpSearch`).
   */
  signUpResolve: publicProcedure
    .input(z.object({ placeId: ZPlaceIdSchema }))
    .output(ZResolvedPlaceSchema)
    .query(async ({ ctx, input }) => {
      await consume(limits.placesSearchIp(ctx.meta.ip), "address searches");
      return resolvePlace({ ...input, outside: { ...ctx.outside, ...GAZETTEER_ONLY } });
    }),
});
