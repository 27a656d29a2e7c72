// Routes API computeRoutes (POST /directions/v2:computeRoutes): one driving route between two waypoints
// (latLng, placeId or address), in the v2 REST shapes (Route, RouteLeg, Polyline; durations as "123s").
// The geometry is synthetic but consistent: the great circle between the ends, its length x ROAD_FACTOR, driven
// at SPEED_KMH, slower in rush hours when traffic-aware. No route (`{}`, as Google answers) when an end is out at sea
// (no populated place within 100 km).
import polyline from "@mapbox/polyline";

import { greatCirclePoints, haversineKm, type TLatLng } from "../../src/lib/geo";
import { nearestPlace, resolvePlaces } from "../../src/server/places/gazetteer";
import { MISSING_FIELD_MASK, rpcError, type TReply } from "./errors";
import { applyMask, parseMask, type TShape } from "./field-mask";
import { placeFromId } from "./place-ids";

/** The stand-in's road network: roads run 30 % longer than the great circle, driven at 80 km/h without traffic. */
export const ROAD_FACTOR = 1.3;
export const SPEED_KMH = 80;
/** Traffic-aware durations: x1.25 when leaving in a local rush hour (7-9 h, 16-19 h by solar time), else x1.05. */
/** An end farther than this from any populated place is out at sea: no route. */
const SEA_KM = 100;
const RUSH_FACTOR = 1.25;
const TRAFFIC_FACTOR = 1.05;

const ROUTES_SHAPE: TShape = {
  routes: {
    distanceMeters: true,
    duration: true,
    staticDuration: true,
    polyline: { encodedPolyline: true, geoJsonLinestring: true },
    legs: true,
    viewport: true,
    description: true,
    warnings: true,
    routeLabels: true,
    travelAdvisory: true,
    localizedValues: true,
    routeToken: true,
  },
  fallbackInfo: true,
  geocodingResults: true,
};

const TRAVEL_MODES = ["TRAVEL_MODE_UNSPECIFIED", "DRIVE", "BICYCLE", "WALK", "TWO_WHEELER", "TRANSIT"];
const PREFERENCES = ["ROUTING_PREFERENCE_UNSPECIFIED", "TRAFFIC_UNAWARE", "TRAFFIC_AWARE", "TRAFFIC_AWARE_OPTIMAL"];

type TWaypoint = {
  location?: { latLng?: { latitude?: unknown; longitude?: unknown } };
  placeId?: unknown;
  address?: unknown;
};

function pointOf(w: TWaypoint | undefined, which: string): TLatLng | { error: string } | null {
  if (!w || typeof w !== "object") return null;
  const ll = w.location?.latLng;
  if (ll) {
    const lat = ll.latitude ?? 0;
    const lng = ll.longitude ?? 0;
    if (typeof lat !== "number" || typeof lng !== "number" || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      return { error: `Invalid ${which} location: latitude must be in [-90, 90] and longitude in [-180, 180].` };
    }
    return { lat, lng };
  }
  if (typeof w.placeId === "string") {
    const p = placeFromId(w.placeId);
    return p ? { lat: p.lat, lng: p.lng } : { error: `Invalid ${which}: place ID ${w.placeId} was not found.` };
  }
  if (typeof w.address === "string") {
    const [p] = resolvePlaces(w.address, { limit: 1 });
    return p ? { lat: p.lat, lng: p.lng } : null;
  }
  return null;
}

const seconds = (s: number) => `${Math.round(s)}s`;

/**
 * POST /directions/v2:computeRoutes (the key is checked before this runs): the field mask first, then the body,
 * then one route or `{}`. `now` (ms) judges `departureTime`.
 */
export function computeRoutes(body: unknown, fieldMask: string | null, now: number): TReply {
  if (!fieldMask) return rpcError(400, MISSING_FIELD_MASK);
  const parsedMask = parseMask(fieldMask, ROUTES_SHAPE);
  if ("error" in parsedMask) return rpcError(400, parsedMask.error);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return rpcError(400, "Invalid JSON payload received. Expected an object.");
  }
  const req = body as {
    origin?: TWaypoint;
    destination?: TWaypoint;
    travelMode?: unknown;
    routingPreference?: unknown;
    departureTime?: unknown;
    polylineEncoding?: unknown;
  };
  const travelMode = req.travelMode ?? "DRIVE";
  if (typeof travelMode !== "string" || !TRAVEL_MODES.includes(travelMode)) {
    return rpcError(
      400,
      `Invalid value at 'travel_mode' (type.googleapis.com/google.maps.routing.v2.RouteTravelMode), "${String(travelMode)}"`,
    );
  }
  const preference = req.routingPreference ?? "ROUTING_PREFERENCE_UNSPECIFIED";
  if (typeof preference !== "string" || !PREFERENCES.includes(preference)) {
    return rpcError(
      400,
      `Invalid value at 'routing_preference' (type.googleapis.com/google.maps.routing.v2.RoutingPreference), "${String(preference)}"`,
    );
  }
  const driving = travelMode === "DRIVE" || travelMode === "TWO_WHEELER" || travelMode === "TRAVEL_MODE_UNSPECIFIED";
  if (!driving && preference !== "ROUTING_PREFERENCE_UNSPECIFIED") {
    return rpcError(400, "Routing preference cannot be set for non-driving travel modes.");
  }
  if (driving === false) return rpcError(400, "The stand-in routes DRIVE and TWO_WHEELER only.");
  const trafficAware = preference === "TRAFFIC_AWARE" || preference === "TRAFFIC_AWARE_OPTIMAL";
  let departure = now;
  if (req.departureTime !== undefined) {
    const t = typeof req.departureTime === "string" ? Date.parse(req.departureTime) : NaN;
    if (Number.isNaN(t)) {
      return rpcError(
        400,
        `Invalid value at 'departure_time' (type.googleapis.com/google.protobuf.Timestamp), "${String(req.departureTime)}"`,
      );
    }
    if (t < now - 60_000) return rpcError(400, "Timestamp must be set to a future time.");
    departure = t;
  }
  const origin = pointOf(req.origin, "origin");
  const destination = pointOf(req.destination, "destination");
  if (origin && "error" in origin) return rpcError(400, origin.error);
  if (destination && "error" in destination) return rpcError(400, destination.error);
  if (!req.origin || !req.destination) return rpcError(400, "Origin and destination must be set.");
  // An address nobody knows, or an end out at sea: Google finds no route and answers an empty object.
  if (!origin || !destination || !nearestPlace(origin, SEA_KM) || !nearestPlace(destination, SEA_KM)) {
    return { status: 200, body: {} };
  }

  const km = haversineKm(origin, destination) * ROAD_FACTOR;
  const staticSec = (km / SPEED_KMH) * 3600;
  const solarHour = (new Date(departure).getUTCHours() + origin.lng / 15 + 24) % 24;
  const rush = (solarHour >= 7 && solarHour < 9) || (solarHour >= 16 && solarHour < 19);
  const durationSec = trafficAware ? staticSec * (rush ? RUSH_FACTOR : TRAFFIC_FACTOR) : staticSec;
  const points = greatCirclePoints(origin, destination, Math.min(200, Math.max(1, Math.ceil(km / 20))));
  const line =
    req.polylineEncoding === "GEO_JSON_LINESTRING"
      ? { geoJsonLinestring: { type: "LineString", coordinates: points.map((p) => [p.lng, p.lat]) } }
      : { encodedPolyline: polyline.encode(points.map((p) => [p.lat, p.lng])) };
  const distanceMeters = Math.round(km * 1000);
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const route = {
    distanceMeters,
    duration: seconds(durationSec),
    staticDuration: seconds(staticSec),
    polyline: line,
    legs: [
      {
        distanceMeters,
        duration: seconds(durationSec),
        staticDuration: seconds(staticSec),
        polyline: line,
        startLocation: { latLng: { latitude: origin.lat, longitude: origin.lng } },
        endLocation: { latLng: { latitude: destination.lat, longitude: destination.lng } },
      },
    ],
    viewport: {
      low: { latitude: Math.min(...lats), longitude: Math.min(...lngs) },
      high: { latitude: Math.max(...lats), longitude: Math.max(...lngs) },
    },
    description: "Stand-in route",
    routeLabels: ["DEFAULT_ROUTE"],
  };
  return { status: 200, body: applyMask({ routes: [route] }, parsedMask.mask) };
}
