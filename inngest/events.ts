// Every event the app sends, typed once: the name, and a Zod schema of its data (checked when an event is written
// to the outbox and again when a function receives it). Events carry ids, never secrets or personal data the
// function can read from the database: Inngest keeps event payloads in its logs.
import { eventType, NonRetriableError } from "inngest";
import { z } from "zod";

const ZUserEventSchema = z.object({ userId: z.string().min(1) });

/** A new account was created: its owner gets the verification email. */
export const userRegistered = eventType("user/registered", { schema: ZUserEventSchema });

/** The owner of an unverified account asked for a new verification email. */
export const userVerificationRequested = eventType("user/verification.requested", { schema: ZUserEventSchema });

/** Someone tried to sign up with an address that already has an account: its owner gets a notice. */
export const userRegistrationAttempted = eventType("user/registration.attempted", { schema: ZUserEventSchema });

/** A password reset was asked for an active account: its owner gets the reset link. */
export const userPasswordResetRequested = eventType("user/password-reset.requested", { schema: ZUserEventSchema });

/** The password of an account was changed while signed in: its owner gets a notice. */
export const userPasswordChanged = eventType("user/password.changed", { schema: ZUserEventSchema });

/** A cancelled shipment's payment is owed a refund (amount fixed on the Payment row): send it to Stripe. */
export const paymentRefundRequested = eventType("payment/refund.requested", {
  schema: z.object({ paymentId: z.string().min(1) }),
});

const ZShipmentStatusSchema = z.enum([
  "DRAFT",
  "POSTED",
  "ASSIGNED",
  "PICKED_UP",
  "IN_TRANSIT",
  "DELIVERED",
  "COMPLETED",
  "CANCELLED",
]);

/**
 * A shipment changed status (every transition, src/server/services/shipments/transition.ts): `from` -> `to`, by
 * `actorId` (null: the system). `driverId` is the driver the shipment had before the change, so a released or
 * reassigned driver is told too. Notifications: inngest/functions/notify-status-change.ts.
 */
export const shipmentStatusChanged = eventType("shipment/status.changed", {
  schema: z.object({
    shipmentId: z.string().min(1),
    from: ZShipmentStatusSchema,
    to: ZShipmentStatusSchema,
    actorId: z.string().min(1).nullable(),
    formerDriverId: z.string().min(1).nullable(),
  }),
});

/** A chat message was stored (src/server/services/chat/send-message.ts); the other party may be told. */
export const messageSent = eventType("message/sent", {
  schema: z.object({ messageId: z.string().min(1), shipmentId: z.string().min(1), senderId: z.string().min(1) }),
});

/**
 * A shipment in transit is about to arrive (ETA under 15 minutes or the driver within 1 km of the drop-off): its
 * recipient is told once (src/server/notifications/arriving-soon.ts).
 */
export const shipmentArriving = eventType("shipment/arriving", {
  schema: z.object({ shipmentId: z.string().min(1) }),
});

/**
 * An admin intervened on a shipment (src/server/services/admin/interventions.ts); `auditLogId` is the AuditLog row
 * that says what and why. The parties are told: inngest/functions/notify-intervention.ts.
 */
export const shipmentIntervened = eventType("shipment/intervened", {
  schema: z.object({ shipmentId: z.string().min(1), auditLogId: z.string().min(1) }),
});

/**
 * A driver used up the delivery-code tries and the code locked (src/server/services/shipments/lifecycle.ts);
 * `shipmentEventId` is the DELIVERY_CODE_LOCKED ShipmentEvent, so a lock after an admin unlock is news again. The
 * shipper is told: inngest/functions/notify-delivery-code-locked.ts.
 */
export const shipmentDeliveryCodeLocked = eventType("shipment/delivery-code.locked", {
  schema: z.object({ shipmentId: z.string().min(1), shipmentEventId: z.string().min(1) }),
});

/**
 * A verified Stripe webhook was recorded (StripeEvent row `stripeEventId`, with its payload): apply it
 * (inngest/functions/apply-stripe-event.ts). The id only: the payload stays in the database, out of Inngest's logs.
 */
export const stripeWebhookReceived = eventType("stripe/webhook.received", {
  schema: z.object({ stripeEventId: z.string().min(1) }),
});

/** The events the outbox may hold, by name (src/server/services/outbox). */
export const appEvents = {
  [userRegistered.name]: userRegistered,
  [userVerificationRequested.name]: userVerificationRequested,
  [userRegistrationAttempted.name]: userRegistrationAttempted,
  [userPasswordResetRequested.name]: userPasswordResetRequested,
  [userPasswordChanged.name]: userPasswordChanged,
  [paymentRefundRequested.name]: paymentRefundRequested,
  [shipmentStatusChanged.name]: shipmentStatusChanged,
  [messageSent.name]: messageSent,
  [shipmentArriving.name]: shipmentArriving,
  [shipmentIntervened.name]: shipmentIntervened,
  [shipmentDeliveryCodeLocked.name]: shipmentDeliveryCodeLocked,
  [stripeWebhookReceived.name]: stripeWebhookReceived,
} as const;

export type TAppEventName = keyof typeof appEvents;
/** An event as the app emits it: a known name and that event's data. */
export type TAppEvent = {
  [K in TAppEventName]: { name: K; data: z.infer<NonNullable<(typeof appEvents)[K]["schema"]>> };
}[TAppEventName];

/** Parses an event's data against its schema; throws a ZodError for data the event does not allow. */
export function parseAppEvent(event: { name: string; data: unknown }): TAppEvent {
  const type = appEvents[event.name as TAppEventName];
  if (!type?.schema) throw new Error(`unknown event "${event.name}"`);
  return { name: type.name, data: type.schema.parse(event.data) } as TAppEvent;
}

/**
 * The id and time (ms since the epoch) of a received event, which functions key their idempotency on. Inngest
 * always sets both; an event without an id fails the run at once (NonRetriableError) rather than share a key.
 */
export function receivedEvent(event: { id?: string; ts?: number }): { eventId: string; issuedAt: Date } {
  if (!event.id) throw new NonRetriableError("the event has no id");
  return { eventId: event.id, issuedAt: new Date(event.ts ?? Date.now()) };
}
