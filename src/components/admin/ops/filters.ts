// The admin shipment list's filters live in the URL (?status=&q=&after= or &before=): parsed here for the page,
// written here for links (pagination, overview cards). `after`/`before` are the list's keyset cursors.
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { shipmentStatuses } from "~/lib/shipment-state";

export const SHIPMENTS_PAGE_SIZE = 25;
export const SEARCH_MAX = 60;
const CURSOR_MAX = 200;

export type TShipmentFilters = { status?: ShipmentStatus; q: string; after?: string; before?: string };

type TParams = { get(name: string): string | null };

function cursorParam(value: string | null): string | undefined {
  return value && value.length <= CURSOR_MAX ? value : undefined;
}

export function parseShipmentFilters(params: TParams): TShipmentFilters {
  const after = cursorParam(params.get("after"));
  return {
    status: shipmentStatuses.find((s) => s === params.get("status")),
    q: (params.get("q") ?? "").trim().slice(0, SEARCH_MAX),
    // One direction at a time; `after` wins if a hand-made URL has both.
    after,
    before: after ? undefined : cursorParam(params.get("before")),
  };
}

/** The admin.shipments input for these filters. */
export function shipmentsInput(filters: TShipmentFilters) {
  return {
    status: filters.status,
    search: filters.q || undefined,
    after: filters.after,
    before: filters.before,
    pageSize: SHIPMENTS_PAGE_SIZE,
  };
}

/** "/admin/shipments?status=POSTED&after=…", leaving out defaults (no cursor: the first page). */
export function shipmentsHref(filters: Partial<TShipmentFilters>): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.q) params.set("q", filters.q);
  if (filters.after) params.set("after", filters.after);
  else if (filters.before) params.set("before", filters.before);
  const search = params.toString();
  return `/admin/shipments${search ? `?${search}` : ""}`;
}
