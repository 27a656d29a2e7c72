import { cx } from "~/components/ui/cx";
import { TimeRange } from "~/components/driver/time-range";
import { Distance } from "~/components/units/quantities";
import { formatDuration } from "./format";
import { RouteCities } from "./route-cities";

export type TRouteStop = {
  city: string;
  windowStart: Date;
  windowEnd: Date;
  /** The stop's IANA zone: its window is shown in the dock's local time, named. */
  timeZone: string;
  /** Street address and contact: only for viewers allowed to see them. */
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
};

export type TRouteSummaryProps = {
  pickup: TRouteStop;
  dropoff: TRouteStop;
  distanceKm: number;
  durationMin: number;
  className?: string;
};

/** "Chicago → Detroit" with each stop's window (and address/contact when given), distance and driving time. */
export function RouteSummary({ pickup, dropoff, distanceKm, durationMin, className }: TRouteSummaryProps) {
  return (
    <div className={cx("space-y-4", className)}>
      <RouteCities from={pickup.city} to={dropoff.city} className="text-lg font-semibold" />
      <div className="grid gap-4 sm:grid-cols-2">
        <Stop title="Pick-up" stop={pickup} />
        <Stop title="Drop-off" stop={dropoff} />
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <div className="flex gap-1">
          <dt className="text-slate-600">Distance:</dt>
          <dd className="font-medium">
            <Distance metres={distanceKm * 1000} />
          </dd>
        </div>
        <div className="flex gap-1">
          <dt className="text-slate-600">Driving time:</dt>
          <dd className="font-medium">about {formatDuration(durationMin)}</dd>
        </div>
      </dl>
    </div>
  );
}

function Stop({ title, stop }: { title: string; stop: TRouteStop }) {
  return (
    <div className="rounded-lg bg-slate-50 p-3">
      <h3 className="text-sm font-semibold text-slate-600">{title}</h3>
      <p className="font-medium wrap-anywhere">{stop.city}</p>
      {stop.address ? <p className="text-sm wrap-anywhere text-slate-800">{stop.address}</p> : null}
      <p className="mt-1 text-sm text-slate-700">
        <span className="sr-only">Window: </span>
        <TimeRange start={stop.windowStart} end={stop.windowEnd} zone={stop.timeZone} />
        <span className="text-slate-600">, {stop.city} time</span>
      </p>
      {stop.contactName || stop.contactPhone ? (
        <p className="mt-1 text-sm text-slate-700">
          Contact: {stop.contactName}
          {stop.contactName && stop.contactPhone ? ", " : null}
          {stop.contactPhone ? (
            <a
              href={`tel:${stop.contactPhone.replace(/[^\d+]/g, "")}`}
              className="font-medium text-brand-700 underline"
            >
              {stop.contactPhone}
            </a>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
