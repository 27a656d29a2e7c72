// The notification types people can receive and, per type, which channels are on until they choose otherwise.
// SMS costs money and interrupts: on by default only where minutes matter (issue 11 §4, "SMS only for time-critical
// ones"): a pick-up in an hour, and a driver locked out of the delivery code at the door (TIME_CRITICAL_TYPES).
import type { NotificationChannel, NotificationType, Role } from "~/generated/prisma/enums";

export const notificationChannels = [
  "IN_APP",
  "EMAIL",
  "SMS",
  "PUSH",
] as const satisfies readonly NotificationChannel[];

/**
 * Types shown in the preferences matrix, in order, with their label and default channels; `channels` limits the
 * channels a type exists on (all four when absent), e.g. the daily summary is an email and nothing else.
 */
export const notificationCatalogue: Record<
  NotificationType,
  {
    label: string;
    description: string;
    defaults: readonly NotificationChannel[];
    channels?: readonly NotificationChannel[];
    /** Who receives this type; the matrix shows it to these roles only (everyone when absent). */
    roles?: readonly Role[];
    /**
     * `false`: nothing sends this type yet (the enum value is kept for the rows that will), so the matrix does not
     * offer a switch that would change nothing.
     */
    offered?: false;
  }
> = {
  SHIPMENT_STATUS: {
    label: "Shipment updates",
    description: "A load you ship or drive is accepted, picked up, delivered or cancelled.",
    defaults: ["IN_APP", "EMAIL", "PUSH"],
  },
  PICKUP_REMINDER: {
    label: "Pick-up reminders",
    description: "An hour before the pick-up window of a job you accepted opens.",
    defaults: ["IN_APP", "EMAIL", "SMS", "PUSH"],
    roles: ["DRIVER"],
  },
  NEW_MESSAGE: {
    label: "Chat messages",
    description: "A message you have not read within 2 minutes.",
    defaults: ["IN_APP", "EMAIL", "PUSH"],
  },
  LOAD_OFFER: {
    label: "Load offers",
    description: "A load that fits your vehicle near you.",
    defaults: ["IN_APP", "PUSH"],
    roles: ["DRIVER"],
    offered: false,
  },
  PAYOUT_SENT: {
    label: "Payouts",
    description: "Money sent to your bank account.",
    defaults: ["IN_APP", "EMAIL"],
    roles: ["DRIVER"],
    offered: false,
  },
  PAYMENT_RECEIPT: {
    label: "Receipts",
    description: "A payment you made.",
    defaults: ["IN_APP", "EMAIL"],
    roles: ["SHIPPER"],
    offered: false,
  },
  // Security notices (a password changed) always go out by email: they are not a preference.
  ACCOUNT: {
    label: "Account",
    description: "Security notices about your account.",
    defaults: ["IN_APP", "EMAIL"],
    offered: false,
  },
  DELIVERY_CODE_LOCKED: {
    label: "Delivery code locked",
    description: "The driver entered a wrong delivery code too often and is waiting at the drop-off.",
    defaults: ["IN_APP", "EMAIL", "SMS", "PUSH"],
    roles: ["SHIPPER"],
  },
  DAILY_SUMMARY: {
    label: "Daily summary",
    description: "For shippers: each morning, yesterday's changes to your loads in one email.",
    defaults: ["EMAIL"],
    channels: ["EMAIL"],
    roles: ["SHIPPER"],
  },
};

/**
 * The types where minutes matter, so SMS is on by default: the pick-up window opens within the hour, or a driver
 * stands at the drop-off unable to deliver. Every other type leaves SMS off until the person turns it on.
 */
export const TIME_CRITICAL_TYPES: readonly NotificationType[] = ["PICKUP_REMINDER", "DELIVERY_CODE_LOCKED"];

export const notificationTypes = Object.keys(notificationCatalogue) as NotificationType[];

/**
 * In-app is the record every other channel points back to (the bell and /notifications): it cannot be turned off,
 * so a notification always has its row and its deliveries.
 */
export const ALWAYS_ON: readonly NotificationChannel[] = ["IN_APP"];

/** The channels `type` exists on, in matrix order: all four unless the catalogue limits them. */
export function channelsOf(type: NotificationType): readonly NotificationChannel[] {
  const only = notificationCatalogue[type].channels;
  return only ? notificationChannels.filter((c) => only.includes(c)) : notificationChannels;
}

/** Whether `channel` is on for `type` until the person chooses (false for a channel the type does not exist on). */
export function defaultEnabled(type: NotificationType, channel: NotificationChannel): boolean {
  return channelsOf(type).includes(channel) && notificationCatalogue[type].defaults.includes(channel);
}

/**
 * The types the preferences matrix offers `role`, in catalogue order: those something sends, to that role. Admins
 * see every offered type (they may ship or drive on behalf of others).
 */
export function matrixTypesFor(role: Role): NotificationType[] {
  return notificationTypes.filter((type) => {
    const entry = notificationCatalogue[type];
    return entry.offered !== false && (role === "ADMIN" || !entry.roles || entry.roles.includes(role));
  });
}
