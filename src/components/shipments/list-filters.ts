// The shipper list's filters, as they live in the URL (?status=POSTED&from=2026-03-01&to=2026-03-31&q=7K3),
// and the `shipment.list` input they stand for. Shared by the page (server prefetch) and the list (browser).
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { shipmentStatuses } from "~/lib/shipment-state";

export type TListFilters = {
  status: ShipmentStatus | "";
  /** "YYYY-MM-DD" (a date input's value) or "". */
  from: string;
  to: string;
  search: string;
};

export const PAGE_SIZE = 20;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

type TParamsLike = { get(name: string): string | null };

/** Unknown or malformed values are ignored rather than failing the page. */
export function parseListFilters(params: TParamsLike): TListFilters {
  const status = params.get("status") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  return {
    status: (shipmentStatuses as readonly string[]).includes(status) ? (status as ShipmentStatus) : "",
    from: isoDate.test(from) && localDay(from, "start") ? from : "",
    to: isoDate.test(to) && localDay(to, "end") ? to : "",
    search: (params.get("q") ?? "").trim().slice(0, 40),
  };
}

export function filtersToSearch(f: TListFilters): string {
  const params = new URLSearchParams();
  if (f.status) params.set("status", f.status);
  if (f.from) params.set("from", f.from);
  if (f.to) params.set("to", f.to);
  if (f.search.trim()) params.set("q", f.search.trim());
  return params.toString();
}

export function hasFilters(f: TListFilters): boolean {
  return !!(f.status || f.from || f.to || f.search.trim());
}

export const noFilters: TListFilters = { status: "", from: "", to: "", search: "" };

/** A date input's day as the start or end of that day in local time (the viewer's day, not UTC's). */
export function localDay(value: string, edge: "start" | "end"): Date | undefined {
  const m = isoDate.exec(value) ? value.split("-").map(Number) : null;
  if (!m) return undefined;
  const [y, mo, d] = m as [number, number, number];
  const date = edge === "start" ? new Date(y, mo - 1, d, 0, 0, 0, 0) : new Date(y, mo - 1, d, 23, 59, 59, 999);
  return Number.isNaN(date.getTime()) || date.getDate() !== d ? undefined : date;
}

/** The `shipment.list` input (without cursor: the infinite query adds it). */
export function listInput(f: TListFilters) {
  return {
    limit: PAGE_SIZE,
    ...(f.status ? { status: f.status } : {}),
    ...(f.from ? { from: localDay(f.from, "start") } : {}),
    ...(f.to ? { to: localDay(f.to, "end") } : {}),
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
  };
}
