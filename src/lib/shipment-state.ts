// The shipment state machine: one definition, used by the services to authorise a transition and by the UI to
// decide which buttons to show.
import type { ShipmentStatus, ShipmentEventType } from "~/generated/prisma/enums";

export const shipmentStatuses = [
  "DRAFT",
  "POSTED",
  "ASSIGNED",
  "PICKED_UP",
  "IN_TRANSIT",
  "DELIVERED",
  "COMPLETED",
  "CANCELLED",
] as const satisfies readonly ShipmentStatus[];

export type TActor = "SHIPPER" | "DRIVER" | "ADMIN" | "SYSTEM";

type TTransition = {
  from: readonly ShipmentStatus[];
  to: ShipmentStatus;
  actors: readonly TActor[];
  event: ShipmentEventType;
  label: string;
};

// ADMIN may pick up, depart and deliver on a driver's behalf (with a note; services/admin/interventions.ts).
export const transitions = {
  post: { from: ["DRAFT"], to: "POSTED", actors: ["SHIPPER"], event: "POSTED", label: "Post to load board" },
  accept: { from: ["POSTED"], to: "ASSIGNED", actors: ["DRIVER"], event: "ACCEPTED", label: "Accept load" },
  release: { from: ["ASSIGNED"], to: "POSTED", actors: ["DRIVER"], event: "RELEASED", label: "Release job" },
  pickUp: { from: ["ASSIGNED"], to: "PICKED_UP", actors: ["DRIVER", "ADMIN"], event: "PICKED_UP", label: "Picked up" },
  depart: {
    from: ["PICKED_UP"],
    to: "IN_TRANSIT",
    actors: ["DRIVER", "ADMIN"],
    event: "IN_TRANSIT",
    label: "In transit",
  },
  deliver: {
    from: ["IN_TRANSIT"],
    to: "DELIVERED",
    actors: ["DRIVER", "ADMIN"],
    event: "DELIVERED",
    label: "Delivered",
  },
  confirm: {
    from: ["DELIVERED"],
    to: "COMPLETED",
    actors: ["SHIPPER", "SYSTEM"],
    event: "COMPLETED",
    label: "Confirm delivery",
  },
  cancel: {
    from: ["DRAFT", "POSTED", "ASSIGNED"],
    to: "CANCELLED",
    actors: ["SHIPPER"],
    event: "CANCELLED",
    label: "Cancel shipment",
  },
  forceCancel: {
    from: ["DRAFT", "POSTED", "ASSIGNED", "PICKED_UP", "IN_TRANSIT", "DELIVERED"],
    to: "CANCELLED",
    actors: ["ADMIN"],
    event: "CANCELLED",
    label: "Force cancel",
  },
  reassign: { from: ["POSTED", "ASSIGNED"], to: "ASSIGNED", actors: ["ADMIN"], event: "REASSIGNED", label: "Reassign" },
  // A posted load nobody accepted before its pick-up window ended: the hourly cron takes it off (inngest/functions).
  expire: { from: ["POSTED"], to: "CANCELLED", actors: ["SYSTEM"], event: "CANCELLED", label: "Expire" },
} as const satisfies Record<string, TTransition>;

export type TShipmentAction = keyof typeof transitions;

export const shipmentActions = Object.keys(transitions) as TShipmentAction[];

/** The status after `action`, or null when the action is not allowed from `status` for `actor`. */
export function nextStatus(status: ShipmentStatus, action: TShipmentAction, actor?: TActor): ShipmentStatus | null {
  const t: TTransition = transitions[action];
  if (!t.from.includes(status)) return null;
  if (actor && !t.actors.includes(actor)) return null;
  return t.to;
}

export function canTransition(status: ShipmentStatus, action: TShipmentAction, actor?: TActor): boolean {
  return nextStatus(status, action, actor) !== null;
}

export function availableActions(status: ShipmentStatus, actor: TActor): TShipmentAction[] {
  return shipmentActions.filter((a) => canTransition(status, a, actor));
}

/** The sequence a successful delivery follows, for progress displays. */
export const happyPath: readonly ShipmentStatus[] = [
  "DRAFT",
  "POSTED",
  "ASSIGNED",
  "PICKED_UP",
  "IN_TRANSIT",
  "DELIVERED",
  "COMPLETED",
];

/**
 * Whether the shipper's page shows the recipient's delivery code: only while delivery is still ahead on the happy
 * path (before `deliver`). Once delivered the code has served; a cancelled load will never need it.
 */
export function showsDeliveryCode(status: ShipmentStatus): boolean {
  const at = happyPath.indexOf(status);
  return at !== -1 && at < happyPath.indexOf(transitions.deliver.to);
}

/**
 * Whether the shipment's tracking link is shown and shared: anywhere on the happy path (a delivered load's link keeps
 * working for a while so the recipient sees the outcome), never once the load is cancelled.
 */
export function showsTrackingLink(status: ShipmentStatus): boolean {
  return happyPath.includes(status);
}

/** The path of statuses from DRAFT to `status` along the happy path (for seeding histories). */
export function pathTo(status: ShipmentStatus): ShipmentStatus[] {
  if (status === "CANCELLED") return ["DRAFT", "POSTED", "CANCELLED"];
  return happyPath.slice(0, happyPath.indexOf(status) + 1);
}

export const statusLabel: Record<ShipmentStatus, string> = {
  DRAFT: "Draft",
  POSTED: "Posted",
  ASSIGNED: "Assigned",
  PICKED_UP: "Picked up",
  IN_TRANSIT: "In transit",
  DELIVERED: "Delivered",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};

export const activeStatuses: readonly ShipmentStatus[] = ["ASSIGNED", "PICKED_UP", "IN_TRANSIT"];

/** The cargo is on the road: a position and an ETA mean something. */
export const enRouteStatuses: readonly ShipmentStatus[] = ["PICKED_UP", "IN_TRANSIT"];

/** Handed over: the driver has earned the payout (COMPLETED once the shipper confirms or 48 h pass). */
export const deliveredStatuses: readonly ShipmentStatus[] = ["DELIVERED", "COMPLETED"];

/** The statuses a shipper may still edit a shipment in: before a driver accepts it. */
export const editableStatuses: readonly ShipmentStatus[] = ["DRAFT", "POSTED"];

/** What happened to a shipment, as the subject of a refusal ("…, so it can no longer be edited."). */
const whatHappened: Record<ShipmentStatus, string> = {
  DRAFT: "This shipment is a draft",
  POSTED: "This shipment is posted",
  ASSIGNED: "A driver has already accepted this shipment",
  PICKED_UP: "This shipment has been picked up",
  IN_TRANSIT: "This shipment is in transit",
  DELIVERED: "This shipment was delivered",
  COMPLETED: "This shipment is completed",
  CANCELLED: "This shipment was cancelled",
};

/** Why a shipment in `status` (not one of editableStatuses) cannot be edited, naming what happened to it. */
export function notEditableMessage(status: ShipmentStatus): string {
  return `${whatHappened[status]}, so it can no longer be edited.`;
}

export function illegalTransitionMessage(status: ShipmentStatus, action: TShipmentAction): string {
  return `This shipment is ${statusLabel[status].toLowerCase()}, so "${transitions[action].label}" is no longer possible.`;
}
