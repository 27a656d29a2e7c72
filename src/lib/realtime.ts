// Pusher Channels: channel names, event names and payload shapes, shared by the server (which publishes) and the
// browser (which subscribes). DESIGN.md "Real time". Every payload stays far under Pusher's 10 KB event limit, and
// none on a tracking channel carries personal data. Pusher keeps no history: each event is a hint that the client
// may apply directly, and after a (re)connect the client re-reads what it missed through tRPC `since` cursors.
import type { ShipmentStatus } from "~/generated/prisma/enums";

/** The channel key of a shipment that has no driver. */
export const NO_DRIVER_KEY = "open";

/**
 * The shipment's parties (shipper, assigned driver) and admins: location, status, message, read, client-typing.
 * The name carries the assigned driver's id (`open` when none), so each assignment has a channel of its own: a
 * driver who is released or reassigned keeps a subscription to a channel nothing is published on any more, and the
 * auth endpoint refuses them the new one. Pusher cannot remove a subscriber from a channel, and terminating a user's
 * connections only reaches clients that chose to sign in, so the name is what revokes access. Clients never build
 * it: the server hands it out as `shipment.get`'s `channel`.
 */
export const shipmentChannel = (shipmentId: string, driverId: string | null) =>
  `private-shipment-${shipmentId}.${driverId ?? NO_DRIVER_KEY}`;
/** One user: notification, unread chat counts. */
export const userChannel = (userId: string) => `private-user-${userId}`;
/**
 * The public tracking page of one tracking token: location and status only, no personal data. A public channel
 * (the random 24-character token is what keeps it unlisted): Pusher accepts no client events on public channels, so
 * a link holder cannot send anything to the link's other viewers, and no auth request is needed. An expired link's
 * page does not subscribe, and nothing is published on a channel after its link expires.
 */
export const trackingChannel = (token: string) => `track-${token}`;

/**
 * Operations, admins only (issue 14 §1): every shipment's `status` and every `location` event, for the live ops map
 * (/admin/live). The auth endpoint hands it to ADMIN sessions only (src/server/realtime/channel-access.ts).
 */
export const OPS_CHANNEL = "private-ops";

export type TChannelRef =
  { kind: "shipment"; shipmentId: string; driverKey: string } | { kind: "user"; userId: string } | { kind: "ops" };

/**
 * Reads one of the app's private channel names back; null for anything else, which the auth endpoint refuses
 * (the public tracking channel needs no authorisation).
 */
export function parseChannel(name: string): TChannelRef | null {
  if (name === OPS_CHANNEL) return { kind: "ops" };
  const shipment = /^private-shipment-([A-Za-z0-9_-]{1,100})\.([A-Za-z0-9_-]{1,100})$/.exec(name);
  if (shipment) return { kind: "shipment", shipmentId: shipment[1] as string, driverKey: shipment[2] as string };
  const m = /^private-user-([A-Za-z0-9_-]{1,100})$/.exec(name);
  return m ? { kind: "user", userId: m[1] as string } : null;
}

export const REALTIME_EVENTS = {
  location: "location",
  status: "status",
  message: "message",
  read: "read",
  typing: "client-typing",
  unread: "unread",
  notification: "notification",
  plan: "plan",
} as const;

/**
 * A new driver position (shipment and tracking channels). Times are ISO-8601 UTC strings; `etaAt` is the
 * estimated arrival at the drop-off, null when unknown. `speedKmh` in km/h, `headingDeg` clockwise from north.
 */
export type TLocationEvent = {
  shipmentId: string;
  lat: number;
  lng: number;
  recordedAt: string;
  speedKmh: number | null;
  headingDeg: number | null;
  etaAt: string | null;
};

/**
 * One point of a shipment's trail as `tracking.positions` / `tracking.positionsByToken` return it and
 * `useLivePositions` keeps it: WGS84 degrees, `recordedAt` epoch milliseconds (the phone's fix time, UTC),
 * `speedKmh` km/h and `headingDeg` degrees clockwise from true north, null when the phone did not know.
 */
export type TTrailPoint = {
  lat: number;
  lng: number;
  recordedAt: number;
  speedKmh: number | null;
  headingDeg: number | null;
};

/**
 * The shipment changed, published after commit on the shipment and tracking channels by publishShipmentChanged
 * (src/server/realtime/publish-shipment.ts): every status transition, and every other visible change (an edit, the
 * delivery code locking) with the same status and a new `version`. `version` orders them: apply only a newer one.
 */
export type TStatusEvent = { shipmentId: string; status: ShipmentStatus; version: number; at: string };

/** A chat message, published after it is stored (shipment channel only). `body` is plain text, never HTML. */
export type TMessageEvent = {
  id: string;
  shipmentId: string;
  clientId: string | null;
  senderId: string;
  senderName: string;
  senderRole: "SHIPPER" | "DRIVER" | "ADMIN";
  body: string;
  createdAt: string;
  /** The sender's profile picture (a File id for /api/files/<id>), or null. */
  senderAvatarFileId: string | null;
  attachment: TChatAttachment | null;
};

/**
 * A file sent with a chat message, read through /api/files/<id> (`?size=thumbnail`: a photo's thumbnail or a video's
 * poster frame, when `hasThumbnail`). Sizes in bytes, pixels; `durationMs` milliseconds (videos).
 */
export type TChatAttachment = {
  id: string;
  name: string;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  hasThumbnail: boolean;
};

/** Someone read the conversation up to `lastReadAt` (read receipts; shipment channel). */
export type TReadEvent = { shipmentId: string; userId: string; lastReadAt: string };

/** Client event sent by a subscriber while typing (never stored; Pusher does not echo it to the sender). */
export type TTypingEvent = { userId: string; name: string };

/** A new notification for the user (user channel); the bell re-reads its unread count. */
export type TNotificationEvent = { notificationId: string; type: string };

/** The user's unread chat total changed (user channel); the client re-reads the counts. */
export type TUnreadEvent = { shipmentId: string };

/** The browser's Pusher settings, read on the server at request time and handed to the client provider. */
export type TRealtimeClientConfig = {
  key: string;
  /** Pusher cluster, or "local" for a self-hosted / stand-in server given by host and port. */
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
};

/**
 * The shipper's plan changed (user channel): Stripe's word on their subscription was applied (a webhook after
 * checkout or the Billing Portal, or a switch in another tab). The billing page re-reads the plan through tRPC.
 * `at` is when it was applied, an ISO-8601 UTC string.
 */
export type TPlanEvent = { subscriptionId: string; at: string };
