// Creating and editing shipments. The price always comes from the one pricing function; edits are allowed until
// a driver accepts and are refused when the caller's `version` is stale.
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/lib/app-error";
import { newShipmentReference } from "~/lib/reference";
import { diffShipment, type TShipmentEditData } from "~/lib/shipment-changes";
import type { TShipmentInput } from "~/lib/schemas/shipment";
import { editableStatuses, notEditableMessage } from "~/lib/shipment-state";
import { db } from "~/server/db";
import { transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { outsideServicesFromEnv, type TOutsideServices } from "~/server/places/outside-services";
import { usStateAt } from "~/server/services/places/us-state-at";
import { consume, limits } from "~/server/services/rate-limit/rate-limit";
import { notFound } from "./access";
import { assertWithinPlanLimit } from "../subscriptions/plan-limit";
import { platformFeeBpsFor } from "../subscriptions/current-plan";
import { priceLane } from "./price-lane";
import { assertPickupWindowOpen, PICKUP_WINDOW_ENDED, PICKUP_WINDOW_IN_PAST, postShipmentInTx } from "./post-shipment";
import type { TTx } from "./transition";
import { stripeConfigFromEnv, type TStripeConfig } from "~/server/integrations/stripe/client";
import { expireReplacedCheckouts } from "../payments/expire-checkouts";
import { startShipmentCheckout } from "../payments/start-shipment-checkout";
import { zoneAt } from "~/lib/stop-zone";
import { deliveryCodeFor, deliveryCodeHash, newShipmentId, newTrackingToken } from "./secrets";

type TStopInput = TShipmentInput["pickup"];

/**
 * A stop's stored address parts (issue 10 §1): the geocoder's formatted address, postal code, country and where the
 * point came from ("coordinates" when the client names no source). Stored as given: the shipper's own data.
 */
function addressPartsOf<K extends "pickup" | "dropoff">(stop: K, s: TStopInput) {
  return {
    [`${stop}FormattedAddress`]: s.formattedAddress ?? null,
    [`${stop}PostalCode`]: s.postalCode ?? null,
    [`${stop}Country`]: s.country ?? null,
    [`${stop}GeocodeSource`]: s.geocodeSource ?? "coordinates",
  } as Record<`${K}${"FormattedAddress" | "PostalCode" | "Country" | "GeocodeSource"}`, string | null>;
}

async function fieldsFrom(input: TShipmentInput, outside: TOutsideServices, platformFeeBps: number) {
  const {
    estimate: _estimate,
    routeNote: _note,
    ...q
  } = await priceLane({
    pickup: input.pickup,
    dropoff: input.dropoff,
    weightKg: input.cargo.weightKg,
    vehicleType: input.cargo.vehicleType,
    platformFeeBps,
    departAt: input.pickup.windowStart,
    outside,
  });
  return {
    pickupAddress: input.pickup.address,
    pickupCity: input.pickup.city,
    pickupLat: input.pickup.lat,
    pickupLng: input.pickup.lng,
    pickupWindowStart: input.pickup.windowStart,
    pickupWindowEnd: input.pickup.windowEnd,
    pickupTimeZone: zoneAt(input.pickup.lat, input.pickup.lng),
    pickupContactName: input.pickup.contactName ?? null,
    pickupContactPhone: input.pickup.contactPhone ?? null,
    dropoffAddress: input.dropoff.address,
    dropoffCity: input.dropoff.city,
    dropoffLat: input.dropoff.lat,
    dropoffLng: input.dropoff.lng,
    dropoffWindowStart: input.dropoff.windowStart,
    dropoffWindowEnd: input.dropoff.windowEnd,
    dropoffTimeZone: zoneAt(input.dropoff.lat, input.dropoff.lng),
    dropoffContactName: input.dropoff.contactName ?? null,
    dropoffContactPhone: input.dropoff.contactPhone ?? null,
    // The state from the point (the board's destination filter reads US state codes), else the geocoder's region.
    dropoffRegion: usStateAt(input.dropoff) ?? input.dropoff.region ?? null,
    ...addressPartsOf("pickup", input.pickup),
    pickupRegion: usStateAt(input.pickup) ?? input.pickup.region ?? null,
    ...addressPartsOf("dropoff", input.dropoff),
    cargoDescription: input.cargo.description,
    weightKg: input.cargo.weightKg,
    lengthCm: input.cargo.lengthCm ?? null,
    widthCm: input.cargo.widthCm ?? null,
    heightCm: input.cargo.heightCm ?? null,
    requiredVehicleType: input.cargo.vehicleType,
    recipientName: input.recipient.name,
    recipientPhone: input.recipient.phone ?? null,
    recipientEmail: input.recipient.email ?? null,
    // Left out when the caller names no proof: the column default on create, the current choice on update.
    ...(input.proof ? { podRequires: input.proof.requires, podPhotoPublic: input.proof.photoPublic } : {}),
    ...q,
  } satisfies Partial<Prisma.ShipmentUncheckedCreateInput>;
}

/** The plan limit's refusal for one more post by `shipperId` (assertWithinPlanLimit), or null when it may post. */
async function planLimitRefusal(tx: TTx, shipperId: string): Promise<AppError | null> {
  try {
    await assertWithinPlanLimit(tx, shipperId);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/**
 * Creates the shipper's shipment from `input` (priced by road, priceLane: cents, km, minutes) as a DRAFT, and with
 * `post` also puts it on the load board in the same transaction. With `post` and payments on (`stripe`), it stays a
 * draft and `checkoutUrl` is Stripe Checkout's page to pay on (startShipmentCheckout); the webhook posts it. When
 * Stripe cannot be reached the draft is kept and `checkoutError` says so. Returns its id and reference. Throws AppError
 * FORBIDDEN (posting with an unverified email), TOO_MANY_REQUESTS (rate limit), BAD_REQUEST if the pick-up window
 * has already ended (field `pickup.windowEnd`, assertPickupWindowOpen; nothing is created) or, when posting,
 * PRECONDITION_FAILED (field `plan`) when the shipper's plan allows no more posts this month: the draft is saved all the same.
 */
export async function createShipment(opts: {
  shipperId: string;
  emailVerified: boolean;
  input: TShipmentInput;
  post: boolean;
  stripe?: TStripeConfig | null;
  /** Google's clients when a key is configured (the road route prices the lane); default: from the environment. */
  outside?: TOutsideServices;
}): Promise<{ id: string; reference: string; checkoutUrl: string | null; checkoutError: string | null }> {
  if (opts.post && !opts.emailVerified) {
    throw new AppError("FORBIDDEN", "Confirm your email address before posting shipments. You can still save a draft.");
  }
  // No shipment, draft or posted, is created with a pick-up window that has already ended (posting checks again in
  // postShipmentInTx); here first so a refused create costs no rate-limit allowance.
  assertPickupWindowOpen(
    opts.input.pickup.windowEnd,
    new Date(),
    opts.post ? PICKUP_WINDOW_ENDED : PICKUP_WINDOW_IN_PAST,
  );
  await consume(limits.shipmentCreate(opts.shipperId), "new shipments");
  // Priced before the transaction: the route may be an outside call.
  const fields = await fieldsFrom(
    opts.input,
    opts.outside ?? outsideServicesFromEnv(),
    await platformFeeBpsFor(opts.shipperId),
  );
  // A reference collision (1 in ~7e8) is retried with a new reference.
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await transactionWithEvents(async (tx, emit) => {
        const id = newShipmentId();
        const shipment = await tx.shipment.create({
          data: {
            id,
            reference: newShipmentReference(),
            shipperId: opts.shipperId,
            trackingToken: newTrackingToken(),
            deliveryCodeHash: deliveryCodeHash(id, deliveryCodeFor(id)),
            ...fields,
            events: { create: { type: "CREATED", toStatus: "DRAFT", actorId: opts.shipperId } },
          },
          select: { id: true, reference: true, status: true, pickupWindowEnd: true },
        });
        // Over the plan's limit the draft is still saved: the refusal is thrown after the commit.
        const refused = opts.post && !opts.stripe ? await planLimitRefusal(tx, opts.shipperId) : null;
        if (opts.post && !opts.stripe && !refused) await postShipmentInTx(tx, emit, shipment, opts.shipperId);
        return { id: shipment.id, reference: shipment.reference, refused };
      });
      if (created.refused) throw created.refused;
      if (opts.post && opts.stripe) {
        // Saved first, then paid for: a failure to reach Stripe loses nothing the shipper typed.
        try {
          const checkout = await startShipmentCheckout({ ...opts, id: created.id, stripe: opts.stripe });
          const checkoutUrl = checkout.kind === "checkout" ? checkout.url : null;
          return { ...created, checkoutUrl, checkoutError: null };
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== "NOT_CONFIGURED") throw error;
          return { ...created, checkoutUrl: null, checkoutError: error.message };
        }
      }
      // A draft has no viewer but its shipper, who is the caller: only a posted load is news.
      if (opts.post) await publishShipmentChanged(created.id);
      return { ...created, checkoutUrl: null, checkoutError: null };
    } catch (error) {
      const target = (error as { meta?: { target?: unknown } }).meta?.target;
      const collided =
        (error as { code?: string }).code === "P2002" && JSON.stringify(target ?? "").includes("reference");
      if (!collided || attempt >= 3) throw error;
    }
  }
}

/**
 * Saves the shipper's edit of a DRAFT or POSTED shipment whose `version` is still `opts.version`, re-prices it and
 * records an UPDATED event whose `data` lists what changed ({ changes: TShipmentChange[] }, src/lib/shipment-changes.ts;
 * money in cents, weights in kg). Returns the new version. Throws AppError NOT_FOUND (not the caller's shipment) or
 * BAD_REQUEST (a POSTED shipment, or a draft given a new pick-up window, with a window that has ended, field
 * `pickup.windowEnd`), PRECONDITION_FAILED (a paid load whose price the edit would change; a paid load keeps its fee
 * split as paid) or
 * CONFLICT (no longer editable, saying why: accepted, picked up, delivered, cancelled… (notEditableMessage in
 * src/lib/shipment-state.ts), or the version is stale). After commit, publishes a `status` event with the new
 * version and the unchanged status (publishShipmentChanged).
 */
export async function updateShipment(opts: {
  shipperId: string;
  id: string;
  version: number;
  input: TShipmentInput;
  /** As for createShipment. */
  outside?: TOutsideServices;
  /** Stripe, to expire the checkout of the old price when the edit re-prices a draft; default from the environment. */
  stripe?: TStripeConfig | null;
}): Promise<{ id: string; version: number }> {
  const after = await fieldsFrom(
    opts.input,
    opts.outside ?? outsideServicesFromEnv(),
    await platformFeeBpsFor(opts.shipperId),
  );
  const saved = await db.$transaction(async (tx) => {
    // Read at the expected version: the conditional update below succeeds only if the row is still this one.
    const before = await tx.shipment.findFirst({
      where: { id: opts.id, shipperId: opts.shipperId, version: opts.version },
    });
    // A posted load stays on the board: it may not be moved to a pick-up window that has already ended. Nor may a
    // draft: a new window is checked; one left as it was (a draft saved before its window passed) is kept.
    if (before?.status === "POSTED") assertPickupWindowOpen(after.pickupWindowEnd);
    else if (before && before.pickupWindowEnd.getTime() !== after.pickupWindowEnd.getTime()) {
      assertPickupWindowOpen(after.pickupWindowEnd, new Date(), PICKUP_WINDOW_IN_PAST);
    }
    // A paid load's price is what the shipper paid: an edit that would change it is refused (breaker pass: weight
    // raised after payment re-priced the driver's pay with nothing charged), and its fee split stays as paid.
    let fields = after;
    if (before && (await tx.payment.findFirst({ where: { shipmentId: before.id, status: "SUCCEEDED" } }))) {
      if (after.priceCents !== before.priceCents) {
        throw new AppError(
          "PRECONDITION_FAILED",
          `This load is paid, and this change would move its price from ${usd(before.priceCents)} to ${usd(after.priceCents)}. ` +
            "Keep the stops, weight and vehicle as paid, or cancel the load (refunded by policy) and post a new one.",
        );
      }
      fields = { ...after, platformFeeCents: before.platformFeeCents, driverPayoutCents: before.driverPayoutCents };
    }
    // Re-priced: an open checkout is for the old price. It is closed here and at Stripe after the commit, so its page
    // refuses the card (breaker pass: a load was posted at $7,925.98 after $685.45 was paid on the old page). One
    // paid in the meantime is refunded in full by mark-paid.ts, which accepts only the load's current price.
    let replaced: string[] = [];
    if (before && (after.priceCents !== before.priceCents || after.currency !== before.currency)) {
      const open = await tx.payment.findMany({
        where: { shipmentId: before.id, status: "PENDING" },
        select: { id: true, stripeCheckoutSessionId: true },
      });
      await tx.payment.updateMany({
        where: { id: { in: open.map((p) => p.id) } },
        data: { status: "EXPIRED", checkoutUrl: null },
      });
      replaced = open.flatMap((p) => (p.stripeCheckoutSessionId ? [p.stripeCheckoutSessionId] : []));
    }
    const { count } = await tx.shipment.updateMany({
      where: { id: opts.id, shipperId: opts.shipperId, version: opts.version, status: { in: [...editableStatuses] } },
      data: { ...fields, version: { increment: 1 } },
    });
    if (count === 0 || !before) {
      const current = await tx.shipment.findFirst({
        where: { id: opts.id, shipperId: opts.shipperId },
        select: { status: true, version: true },
      });
      if (!current) throw notFound();
      // The status comes first: a stale version of a cancelled load is refused for being cancelled.
      if (!editableStatuses.includes(current.status)) {
        throw new AppError("CONFLICT", notEditableMessage(current.status));
      }
      throw new AppError(
        "CONFLICT",
        "This shipment was changed somewhere else since you opened it. Reload to see the latest version, then edit again.",
      );
    }
    const data: TShipmentEditData = { changes: diffShipment(before, { ...before, ...fields }) };
    await tx.shipmentEvent.create({
      data: { shipmentId: opts.id, type: "UPDATED", actorId: opts.shipperId, data },
    });
    return { id: opts.id, version: opts.version + 1, replaced };
  });
  await expireReplacedCheckouts(saved.replaced, opts.stripe === undefined ? stripeConfigFromEnv() : opts.stripe);
  // The same status with a new version: open pages (drivers looking at the posted load too) re-read it.
  await publishShipmentChanged(opts.id);
  return { id: saved.id, version: saved.version };
}

/** "$259.95" for 25995 cents (USD, the only currency loads are priced in). */
function usd(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
}
