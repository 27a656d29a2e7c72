"use client";

// Weather along the route (issue 10 §4): pick-up, midway and drop-off at the planned times, from places.weather
// (Open-Meteo, cached per place and hour on the server). A point the service could not answer for says "Weather
// unavailable" and why; nothing is ever filled in.
import { useUnits } from "~/components/units/units-context";
import { Alert } from "~/components/ui/alert";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { getErrorMessage } from "~/components/ui/form-errors";
import { Spinner } from "~/components/ui/spinner";
import { formatPrecipitation, formatSnowfall, formatSpeed, formatTemperature, type TUnitSystem } from "~/lib/units";
import type { TWeatherWarning } from "~/lib/weather";
import { api, type RouterOutputs } from "~/trpc/react";

type TStop = RouterOutputs["places"]["weather"][number];
type TOk = Extract<TStop["forecast"], { state: "ok" }>;

/** Weather serves a trip still ahead: not on delivered, completed or cancelled shipments. */
export function showsWeather(status: string): boolean {
  return !["DELIVERED", "COMPLETED", "CANCELLED"].includes(status);
}

const roleLabel: Record<TStop["role"], string> = { pickup: "Pick-up", midway: "Midway", dropoff: "Drop-off" };

/** The warning in the viewer's units: "Snow, 0.8 in/h", "High wind, gusts 56 mph". */
export function warningText(w: TWeatherWarning, f: TOk, units: TUnitSystem): string {
  switch (w.kind) {
    case "snow":
      return f.snowfallCm > 0 ? `Snow, ${formatSnowfall(f.snowfallCm, units)}` : "Snow";
    case "ice":
      return "Ice: freezing rain or fog, slick roads";
    case "heavy-rain":
      return `Heavy rain, ${formatPrecipitation(f.precipitationMm, units)}`;
    case "high-wind":
      return `High wind, gusts ${formatSpeed(f.gustKmh, units)}`;
  }
}

/**
 * The "Weather along the route" card for a shipment its viewer may see (shipper, assigned driver, admin, a driver
 * looking at an open load). Loading, error and per-point "unavailable" states; times in each point's own zone.
 */
export function RouteWeather({ shipmentId }: { shipmentId: string }) {
  const units = useUnits();
  // Forecasts change about hourly: no refetch on focus, one refresh every 30 minutes while the page is open.
  const weather = api.places.weather.useQuery(
    { shipmentId },
    { staleTime: 10 * 60_000, refetchInterval: 30 * 60_000, refetchOnWindowFocus: false, retry: 1 },
  );
  return (
    <Card title="Weather along the route" description="Forecast for the planned times at pick-up, midway and drop-off.">
      <div aria-live="polite" aria-busy={weather.isPending}>
        {weather.isPending ? (
          <Spinner label="Loading the forecast…" />
        ) : weather.isError ? (
          <Alert tone="warning" role="status" title="Weather unavailable">
            {getErrorMessage(weather.error)}
          </Alert>
        ) : weather.data.every((s) => s.forecast.state === "unavailable") &&
          new Set(weather.data.map((s) => (s.forecast.state === "unavailable" ? s.forecast.reason : ""))).size === 1 ? (
          // The same reason at every point (the service is down): said once, not three times.
          <Alert tone="warning" role="status" title="Weather unavailable">
            {weather.data[0]!.forecast.state === "unavailable" ? weather.data[0]!.forecast.reason : null}
          </Alert>
        ) : (
          <ol className="grid gap-3 sm:grid-cols-3" data-testid="route-weather">
            {weather.data.map((stop) => (
              <li key={stop.role} className="rounded-lg bg-slate-50 p-3" data-testid={`weather-${stop.role}`}>
                <h3 className="text-sm font-semibold text-slate-600">{roleLabel[stop.role]}</h3>
                <p className="text-xs text-slate-600">
                  <DateTime value={stop.at} zone={stop.timeZone} />
                </p>
                {stop.forecast.state === "ok" ? (
                  <Forecast forecast={stop.forecast} units={units} />
                ) : (
                  <p className="mt-2 text-sm">
                    <span className="font-medium">Weather unavailable.</span>{" "}
                    <span className="text-slate-600">{stop.forecast.reason}</span>
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  );
}

function Forecast({ forecast: f, units }: { forecast: TOk; units: TUnitSystem }) {
  return (
    <>
      <p className="mt-2 font-medium">
        {f.conditions}, {formatTemperature(f.temperatureC, units)}
      </p>
      <dl className="mt-1 space-y-0.5 text-sm text-slate-700">
        <div className="flex gap-1">
          <dt>Precipitation:</dt>
          <dd>{formatPrecipitation(f.precipitationMm, units)}</dd>
        </div>
        <div className="flex gap-1">
          <dt>Wind:</dt>
          <dd>
            {formatSpeed(f.windKmh, units)}, gusts {formatSpeed(f.gustKmh, units)}
          </dd>
        </div>
      </dl>
      {f.warnings.length > 0 ? (
        <ul className="mt-2 space-y-1" aria-label="Weather warnings">
          {f.warnings.map((w) => (
            <li
              key={w.kind}
              className="rounded border border-amber-300 bg-amber-50 px-2 py-1 text-sm font-medium text-amber-900"
            >
              <span aria-hidden>⚠ </span>
              {warningText(w, f, units)}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-2 text-xs text-slate-600">Source: {f.source === "google" ? "Google Weather" : "Open-Meteo"}</p>
    </>
  );
}
