"use client";

import Link from "next/link";
import Form from "next/form";

import { buttonClasses } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { shipmentStatuses, statusLabel } from "~/lib/shipment-state";
import { SEARCH_MAX, type TShipmentFilters } from "./filters";

const statusOptions = shipmentStatuses.map((s) => ({ value: s, label: statusLabel[s] }));

/**
 * A GET form: works without JavaScript, and with it next/form navigates client-side. Submitting drops the page cursor,
 * so new filters start on page 1. Keyed by the URL's filters so "Clear" and the back button reset the fields.
 */
export function ShipmentFilters({ filters }: { filters: TShipmentFilters }) {
  const active = !!(filters.status || filters.q);
  return (
    <Form
      action="/admin/shipments"
      role="search"
      aria-label="Filter shipments"
      className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-[1fr_2fr_auto] sm:items-end"
    >
      <SelectField
        label="Status"
        name="status"
        placeholder="All statuses"
        options={statusOptions}
        defaultValue={filters.status ?? ""}
      />
      <TextField
        label="Search"
        name="q"
        type="search"
        hint="Reference or city"
        maxLength={SEARCH_MAX}
        autoComplete="off"
        defaultValue={filters.q}
      />
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses()}>
          Apply filters
        </button>
        {active ? (
          <Link href="/admin/shipments" className={buttonClasses({ variant: "ghost" })}>
            Clear
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
