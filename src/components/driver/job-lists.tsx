import Link from "next/link";

import { StatusBadge } from "~/components/shipments/status-badge";
import { DateTime } from "~/components/ui/date-time";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { formatMoney } from "~/lib/money";
import { transitions } from "~/lib/shipment-state";
import { nextDriverStep } from "./steps";

/** The fields both lists need (a subset of `driver.jobs` rows; the shipper's price is never shown to drivers). */
export type TJobRow = {
  id: string;
  reference: string;
  status: ShipmentStatus;
  pickupCity: string;
  dropoffCity: string;
  pickupWindowStart: Date;
  dropoffWindowEnd: Date;
  /** The stops' IANA zones (null on rows from before they were stored: the viewer's zone then). */
  pickupTimeZone: string | null;
  dropoffTimeZone: string | null;
  driverPayoutCents: number;
  currency: string;
  deliveredAt: Date | null;
};

function Route({ from, to }: { from: string; to: string }) {
  return (
    <>
      {from} <span aria-hidden>→</span>
      <span className="sr-only"> to </span> {to}
    </>
  );
}

/** Jobs in progress: each card is one big link to the job, with the next thing to do. */
export function ActiveJobList({ jobs }: { jobs: readonly TJobRow[] }) {
  return (
    <ul className="grid gap-4 md:grid-cols-2">
      {jobs.map((job) => {
        const step = nextDriverStep(job.status);
        return (
          <li key={job.id}>
            <article className="relative rounded-xl border border-slate-200 bg-white p-4 shadow-sm focus-within:outline-2 focus-within:outline-brand-500 hover:border-brand-500">
              <div className="flex items-center justify-between gap-3">
                <p className="font-mono text-sm text-slate-600">{job.reference}</p>
                <StatusBadge status={job.status} />
              </div>
              <h3 className="mt-1 text-lg leading-snug font-semibold">
                {/* The link covers the whole card (a big touch target) but reads as just the route. */}
                <Link
                  href={`/driver/jobs/${job.id}`}
                  className="outline-none after:absolute after:inset-0 after:rounded-xl"
                >
                  <span className="sr-only">{job.reference}: </span>
                  <Route from={job.pickupCity} to={job.dropoffCity} />
                </Link>
              </h3>
              <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
                <div>
                  <dt className="text-slate-600">Pick-up from</dt>
                  <dd className="font-medium">
                    <DateTime value={job.pickupWindowStart} zone={job.pickupTimeZone} />
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-600">Deliver by</dt>
                  <dd className="font-medium">
                    <DateTime value={job.dropoffWindowEnd} zone={job.dropoffTimeZone} />
                  </dd>
                </div>
              </dl>
              <div className="mt-3 flex items-center justify-between gap-3 border-t border-slate-100 pt-3">
                <p className="font-semibold text-brand-700">
                  {step ? (
                    <>
                      Next: {transitions[step].label} <span aria-hidden>→</span>
                    </>
                  ) : (
                    "Open job"
                  )}
                </p>
                <p className="font-bold text-emerald-800">{formatMoney(job.driverPayoutCents, job.currency)}</p>
              </div>
            </article>
          </li>
        );
      })}
    </ul>
  );
}

/** Delivered and completed jobs with the driver's pay, newest first. */
export function DeliveredJobList({ jobs }: { jobs: readonly TJobRow[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
      {jobs.map((job) => (
        <li key={job.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3">
          <div className="min-w-0">
            <Link
              href={`/driver/jobs/${job.id}`}
              className="inline-flex min-h-11 items-center font-semibold text-brand-700 hover:underline"
            >
              <span className="font-mono">{job.reference}</span>
              <span className="sr-only">: </span>
              <span className="ml-2 text-slate-900">
                <Route from={job.pickupCity} to={job.dropoffCity} />
              </span>
            </Link>
            <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <StatusBadge status={job.status} />
              {job.deliveredAt ? (
                <span>
                  Delivered <DateTime value={job.deliveredAt} format="date" />
                </span>
              ) : null}
            </p>
          </div>
          <p className="text-lg font-bold text-emerald-800">{formatMoney(job.driverPayoutCents, job.currency)}</p>
        </li>
      ))}
    </ul>
  );
}
