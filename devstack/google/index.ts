/**
 * A local stand-in for the Google Maps Platform web services the app calls (Places API (New) Autocomplete and
 * Place Details, the Geocoding API, the Routes API's computeRoutes, the Weather API's hourly forecast) and for
 * Open-Meteo's forecast API, on one port.
 * Answers come from the offline gazetteer (src/server/places/gazetteer.ts) and great-circle geometry, so a place
 * found by Autocomplete geocodes, routes and has weather consistently. Keys, quotas, field masks and error bodies
 * behave as the real services do (see errors.ts, keys.ts, field-mask.ts).
 *
 *   const google = await startGoogleStandIn({ keys: { "test-key": {} } });
 *   // GOOGLE_MAPS_API_BASE_URL = OPEN_METEO_BASE_URL = google.url, GOOGLE_MAPS_API_KEY = "test-key"
 *   await google.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { warmGazetteer } from "../../src/server/places/gazetteer";
import { type TReply, legacyKeyRefusal, openMeteoError, rpcError, rpcKeyRefusal } from "./errors";
import { requestedMask } from "./field-mask";
import { geocode } from "./geocoding";
import { KeyRing, type TKeyPolicy } from "./keys";
import { forecast, type TWeatherOverride } from "./open-meteo";
import { forecastHours } from "./weather";
import { autocomplete, placeDetails } from "./places";
import { computeRoutes } from "./routes";

export type { TKeyPolicy } from "./keys";
export type { THourWeather, TWeatherOverride } from "./open-meteo";

export type GoogleStandInOptions = {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** The API keys it accepts and what each may do; any other key is "not valid". */
  keys?: Record<string, TKeyPolicy>;
  /** Open-Meteo requests a minute (per stand-in; Open-Meteo limits per client address); absent = no limit. */
  openMeteoRequestsPerMinute?: number;
  /** Pins the weather for some places and hours (tests); the synthetic climate fills the rest. */
  weather?: TWeatherOverride;
  /** The clock, ms since the epoch (forecast ranges, departure times, quota minutes). */
  now?: () => number;
};

export type TStandInRequest = { method: string; path: string; at: number };

export type GoogleStandIn = {
  host: string;
  port: number;
  /** `http://host:port`: the base URL for both GOOGLE_MAPS_API_BASE_URL and OPEN_METEO_BASE_URL. */
  url: string;
  /** Every request served since start (or `clearRequests`), oldest first: tests count calls to check caching. */
  requests(): TStandInRequest[];
  clearRequests(): void;
  close(): Promise<void>;
};

const MAX_BODY_BYTES = 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; reply: TReply }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, reply: rpcError(400, "Request payload size exceeds the limit.") };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return {
      ok: false,
      reply: rpcError(400, `Invalid JSON payload received. Unexpected token.\n${text.slice(0, 40)}`),
    };
  }
}

function send(res: ServerResponse, reply: TReply): void {
  res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

/** Starts the stand-in on `opts.port` (0: a free one) and resolves once it listens; see the file comment. */
export async function startGoogleStandIn(opts: GoogleStandInOptions = {}): Promise<GoogleStandIn> {
  const now = opts.now ?? Date.now;
  const keyRing = new KeyRing(new Map(Object.entries(opts.keys ?? {})), now);
  const log: TStandInRequest[] = [];
  const meteoUse = { minute: -1, count: 0 };

  async function handle(req: IncomingMessage): Promise<TReply> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const method = req.method ?? "GET";
    const path = url.pathname;
    log.push({ method, path, at: now() });
    const apiKey = (req.headers["x-goog-api-key"] as string | undefined) ?? url.searchParams.get("key");
    const mask = requestedMask(req.headers, url);

    if (path === "/v1/forecast") {
      if (method !== "GET") return openMeteoError("Method not allowed", 405);
      if (opts.openMeteoRequestsPerMinute !== undefined) {
        const minute = Math.floor(now() / 60_000);
        if (meteoUse.minute !== minute) Object.assign(meteoUse, { minute, count: 0 });
        if (meteoUse.count >= opts.openMeteoRequestsPerMinute) {
          return openMeteoError("Minutely API request limit exceeded. Please try again in one minute.", 429);
        }
        meteoUse.count++;
      }
      return forecast(url, now(), opts.weather);
    }
    if (path === "/maps/api/geocode/json") {
      if (method !== "GET") return { status: 405, body: { results: [], status: "INVALID_REQUEST" } };
      return legacyKeyRefusal(keyRing.admit(apiKey)) ?? geocode(url);
    }
    if (path === "/v1/places:autocomplete") {
      if (method !== "POST") return rpcError(404, "Method not found.");
      const refusal = rpcKeyRefusal(keyRing.admit(apiKey), "places.googleapis.com");
      if (refusal) return refusal;
      const body = await readJson(req);
      return body.ok ? autocomplete(body.value, mask) : body.reply;
    }
    const details = /^\/v1\/places\/([^/:]+)$/.exec(path);
    if (details) {
      if (method !== "GET") return rpcError(404, "Method not found.");
      return (
        rpcKeyRefusal(keyRing.admit(apiKey), "places.googleapis.com") ??
        placeDetails(decodeURIComponent(details[1]!), mask)
      );
    }
    if (path === "/directions/v2:computeRoutes") {
      if (method !== "POST") return rpcError(404, "Method not found.");
      const refusal = rpcKeyRefusal(keyRing.admit(apiKey), "routes.googleapis.com");
      if (refusal) return refusal;
      const body = await readJson(req);
      return body.ok ? computeRoutes(body.value, mask, now()) : body.reply;
    }
    if (path === "/v1/forecast/hours:lookup") {
      if (method !== "GET") return rpcError(404, "Method not found.");
      return rpcKeyRefusal(keyRing.admit(apiKey), "weather.googleapis.com") ?? forecastHours(url, now(), opts.weather);
    }
    return rpcError(404, `The requested URL ${path} was not found on this server.`);
  }

  const server = createServer((req, res) => {
    handle(req).then(
      (reply) => send(res, reply),
      (err: unknown) => {
        console.error("google stand-in:", err);
        send(res, rpcError(500, "Internal error encountered."));
      },
    );
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // The gazetteer takes a couple of seconds to load: do it now, between requests, rather than inside the first one.
  setImmediate(warmGazetteer);
  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    url: `http://${host}:${port}`,
    requests: () => [...log],
    clearRequests: () => {
      log.length = 0;
    },
    close: () => {
      // Idempotent, like the other stand-ins: a test may close it and then run its cleanup.
      closing ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      return closing;
    },
  };
}
