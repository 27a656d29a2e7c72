// The admin shipment list's filters live in the URL (?status=&q=&page=): parsed here for the page, written here
// for links (pagination, overview cards).
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { shipmentStatuses } from "~/lib/shipment-state";

export const SHIPMENTS_PAGE_SIZE = 25;
export const SEARCH_MAX = 60;

export type TShipmentFilters = { status?: ShipmentStatus; q: string; page: number };

type TParams = { get(name: string): string | null };

export function parseShipmentFilters(params: TParams): TShipmentFilters {
  const page = Number(params.get("page"));
  return {
    status: shipmentStatuses.find((s) => s === params.get("status")),
    q: (params.get("q") ?? "").trim().slice(0, SEARCH_MAX),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The admin.shipments input for these filters. */
export function shipmentsInput(filters: TShipmentFilters) {
  return { status: filters.status, search: filters.q || undefined, page: filters.page, pageSize: SHIPMENTS_PAGE_SIZE };
}

/** "/admin/shipments?status=POSTED&page=2", leaving out defaults. */
export function shipmentsHref(filters: Partial<TShipmentFilters>): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.q) params.set("q", filters.q);
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const search = params.toString();
  return `/admin/shipments${search ? `?${search}` : ""}`;
}
