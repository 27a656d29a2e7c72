import Link from "next/link";

import { StatusBadge } from "~/components/shipments/status-badge";
import { DateTime } from "~/components/ui/date-time";
import { formatMoney } from "~/lib/money";
import type { RouterOutputs } from "~/trpc/react";

type TRow = RouterOutputs["admin"]["shipments"]["items"][number];

function Route({ row }: { row: TRow }) {
  return (
    <>
      {row.pickupCity} <span aria-hidden>→</span>
      <span className="sr-only"> to </span> {row.dropoffCity}
    </>
  );
}

/** A table from tablet width up; stacked cards on a phone (only one of the two is displayed). */
export function ShipmentsTable({ rows, caption }: { rows: readonly TRow[]; caption: string }) {
  return (
    <>
      <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white md:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">
                Reference
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Route
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Status
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Shipper
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Driver
              </th>
              <th scope="col" className="px-4 py-3 text-right font-medium">
                Price
              </th>
              <th scope="col" className="px-4 py-3 font-medium">
                Created
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                <th scope="row" className="px-4 py-2 font-medium">
                  <Link
                    href={`/admin/shipments/${row.id}`}
                    className="inline-flex min-h-11 items-center font-mono text-brand-700 hover:underline"
                  >
                    {row.reference}
                  </Link>
                </th>
                <td className="px-4 py-2">
                  <Route row={row} />
                </td>
                <td className="px-4 py-2">
                  <StatusBadge status={row.status} />
                </td>
                <td className="px-4 py-2">{row.shipper.name}</td>
                <td className="px-4 py-2">{row.driver?.name ?? <span className="text-slate-500">None</span>}</td>
                <td className="px-4 py-2 text-right tabular-nums">{formatMoney(row.priceCents)}</td>
                <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                  <DateTime value={row.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <ul className="space-y-3 md:hidden">
        {rows.map((row) => (
          <li key={row.id} className="rounded-xl border border-slate-200 bg-white p-4">
            <div className="flex items-center justify-between gap-3">
              <Link
                href={`/admin/shipments/${row.id}`}
                className="inline-flex min-h-11 items-center font-mono font-semibold text-brand-700 underline"
              >
                {row.reference}
              </Link>
              <StatusBadge status={row.status} />
            </div>
            <p className="font-medium">
              <Route row={row} />
            </p>
            <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
              <div>
                <dt className="text-slate-600">Shipper</dt>
                <dd>{row.shipper.name}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Driver</dt>
                <dd>{row.driver?.name ?? "None"}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Price</dt>
                <dd>{formatMoney(row.priceCents)}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Created</dt>
                <dd>
                  <DateTime value={row.createdAt} format="date" />
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
