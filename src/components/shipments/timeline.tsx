import { DateTime } from "~/components/ui/date-time";
import { cx } from "~/components/ui/cx";
import type { Role, ShipmentEventType, ShipmentStatus } from "~/generated/prisma/enums";
import { describeShipmentEdit } from "~/lib/shipment-changes";

export type TTimelineEvent = {
  id: string;
  type: ShipmentEventType;
  fromStatus?: ShipmentStatus | null;
  toStatus?: ShipmentStatus | null;
  note: string | null;
  /** Structured detail; for UPDATED, what the edit changed (src/lib/shipment-changes.ts). Old events have none. */
  data?: unknown;
  createdAt: Date;
  /** Null for automatic (system) events or when the account was deleted. */
  actor: { name: string; role: Role } | null;
};

export const eventText: Record<ShipmentEventType, string> = {
  CREATED: "Shipment created",
  UPDATED: "Details edited",
  POSTED: "Posted to the load board",
  ACCEPTED: "Accepted by a driver",
  PICKED_UP: "Picked up",
  IN_TRANSIT: "On the way",
  DELIVERED: "Delivered",
  COMPLETED: "Delivery confirmed",
  CANCELLED: "Cancelled",
  RELEASED: "Released by the driver",
  REASSIGNED: "Reassigned to another driver",
  DELIVERY_CODE_FAILED: "Wrong delivery code entered",
  DELIVERY_CODE_LOCKED: "Delivery code locked after too many wrong tries",
  NOTE: "Note",
};

/** The event's headline: for an edit, what changed ("Price changed from $1,200.00 to $1,350.00; …"). */
export function eventTitle(e: Pick<TTimelineEvent, "type" | "data">): string {
  return e.type === "UPDATED" ? describeShipmentEdit(e.data, eventText.UPDATED) : eventText[e.type];
}

const roleLabel: Record<Role, string> = { SHIPPER: "shipper", DRIVER: "driver", ADMIN: "Trial Transport support" };

const warningEvents: readonly ShipmentEventType[] = ["DELIVERY_CODE_FAILED", "DELIVERY_CODE_LOCKED", "CANCELLED"];

export type TTimelineProps = {
  events: readonly TTimelineEvent[];
  /** Lists the latest event first (default: oldest first, as the events happened). */
  newestFirst?: boolean;
  className?: string;
};

/** The shipment's history as an ordered list: what happened, who did it, when, and any note. */
export function Timeline({ events, newestFirst = false, className }: TTimelineProps) {
  if (events.length === 0) return <p className={cx("text-sm text-slate-600", className)}>Nothing has happened yet.</p>;
  const ordered = newestFirst ? [...events].reverse() : events;
  return (
    <ol className={cx("relative space-y-5 border-l-2 border-slate-200 pl-5", className)}>
      {ordered.map((e) => {
        const warn = warningEvents.includes(e.type);
        const title = eventTitle(e);
        return (
          <li key={e.id} className="relative">
            <span
              aria-hidden
              className={cx(
                "absolute top-1.5 -left-[27px] size-3 rounded-full ring-4 ring-white",
                warn ? "bg-red-600" : "bg-brand-600",
              )}
            />
            <p className={cx("font-medium", warn ? "text-red-800" : "text-slate-900")}>{title}</p>
            <p className="text-sm text-slate-600">
              <DateTime value={e.createdAt} />
              {" · "}
              {e.actor ? (
                <>
                  by {e.actor.name} <span className="text-slate-500">({roleLabel[e.actor.role]})</span>
                </>
              ) : (
                "automatic"
              )}
            </p>
            {/* Old edit events carry the note "Details edited", the same as their title. */}
            {e.note && e.note !== title ? (
              <p className="mt-1 rounded-lg bg-slate-50 px-3 py-2 text-sm wrap-anywhere text-slate-800">
                <span className="sr-only">Note: </span>
                {e.note}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
