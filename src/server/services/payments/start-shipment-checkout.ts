// Posting a shipment starts with paying for it (issue 13 §1): a Payment row of our own, then a Stripe Checkout
// Session for the quoted price whose idempotency key is that row's id, so a retried or doubled click never opens
// two charges. The shipment becomes POSTED only when the verified webhook says the session was paid
// (handle-stripe-webhook.ts), never on the browser's return.
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import { illegalTransitionMessage } from "~/lib/shipment-state";
import { db } from "~/server/db";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { publishShipmentChanged } from "~/server/realtime/publish-shipment";
import { notFound } from "../shipments/access";
import { assertPickupWindowOpen, postShipment, postShipmentInTx } from "../shipments/post-shipment";
import type { TTx } from "../shipments/transition";
import { transactionWithEvents, type TEmit } from "../outbox/transaction-with-events";
import { assertWithinPlanLimit } from "../subscriptions/plan-limit";
import { expireReplacedCheckouts } from "./expire-checkouts";
import { PAYMENTS_UNAVAILABLE, stripeFailure } from "./stripe-errors";

/** How long a Checkout Session stays open (Stripe allows 30 min to 24 h). */
export const CHECKOUT_TTL_SECONDS = 60 * 60;
/** A payment row older than this without a session gets a new row: its session's expiry would be too close. */
const SESSION_CREATE_WINDOW_MS = 20 * 60 * 1000;

export type TCheckoutResult =
  { kind: "checkout"; url: string; paymentId: string } | { kind: "posted"; status: ShipmentStatus };

/** The idempotency key of a payment's Checkout Session: derived from our id, stable across retries. */
export const checkoutIdempotencyKey = (paymentId: string) => `checkout-session:${paymentId}`;

type TPendingPayment = {
  id: string;
  amountCents: number;
  currency: string;
  createdAt: Date;
  checkoutUrl: string | null;
  stripeCheckoutSessionId: string | null;
  checkoutExpiresAt: Date | null;
};

type TPlan =
  | { kind: "posted"; status: ShipmentStatus }
  | {
      kind: "session";
      payment: TPendingPayment;
      shipment: { id: string; reference: string; pickupCity: string; dropoffCity: string; email: string };
      /** Sessions (`cs_…`) of payments this call marked EXPIRED: to expire at Stripe after the commit. */
      replaced: string[];
    };

/** Inside the shipment's row lock: post it if already paid, reuse the open checkout, or make a new payment row. */
async function plan(tx: TTx, emit: TEmit, opts: { shipperId: string; id: string; now: Date }): Promise<TPlan> {
  // One request at a time per shipment: a double click waits here and then finds the first one's payment row.
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Shipment" WHERE "id" = ${opts.id} AND "shipperId" = ${opts.shipperId} FOR UPDATE`;
  if (locked.length === 0) throw notFound();
  const s = await tx.shipment.findUniqueOrThrow({
    where: { id: opts.id },
    select: {
      id: true,
      status: true,
      reference: true,
      pickupCity: true,
      dropoffCity: true,
      pickupWindowEnd: true,
      priceCents: true,
      currency: true,
      shipper: { select: { email: true } },
      payments: {
        where: { status: { in: ["PENDING", "SUCCEEDED"] }, refundStatus: null },
        orderBy: { createdAt: "desc" },
      },
    },
  });
  if (s.status !== "DRAFT") throw new AppError("CONFLICT", illegalTransitionMessage(s.status, "post"));
  assertPickupWindowOpen(s.pickupWindowEnd, opts.now);

  // Paid already (a payment that arrived after its window ended, then the draft was moved): post without paying twice.
  if (s.payments.some((p) => p.status === "SUCCEEDED" && p.amountCents === s.priceCents && p.currency === s.currency)) {
    return { kind: "posted", status: await postShipmentInTx(tx, emit, s, opts.shipperId) };
  }
  // Paying for a load the plan cannot post would strand the money: the limit is checked before any payment.
  await assertWithinPlanLimit(tx, opts.shipperId, opts.now, s.id);
  const shipment = {
    id: s.id,
    reference: s.reference,
    pickupCity: s.pickupCity,
    dropoffCity: s.dropoffCity,
    email: s.shipper.email,
  };
  const soon = opts.now.getTime() + 5 * 60 * 1000;
  const replaced: string[] = [];
  for (const p of s.payments) {
    if (p.status !== "PENDING") continue;
    const usable =
      p.amountCents === s.priceCents &&
      p.currency === s.currency &&
      (p.stripeCheckoutSessionId
        ? (p.checkoutExpiresAt?.getTime() ?? 0) > soon
        : opts.now.getTime() - p.createdAt.getTime() < SESSION_CREATE_WINDOW_MS);
    if (usable) return { kind: "session", payment: p, shipment, replaced };
    // Priced differently since (the draft was edited) or about to close: it is left to expire, and is never reused.
    await tx.payment.update({ where: { id: p.id }, data: { status: "EXPIRED", checkoutUrl: null } });
    if (p.stripeCheckoutSessionId) replaced.push(p.stripeCheckoutSessionId);
  }
  const payment = await tx.payment.create({
    data: { shipmentId: s.id, payerId: opts.shipperId, amountCents: s.priceCents, currency: s.currency },
  });
  return { kind: "session", payment, shipment, replaced };
}

/**
 * The shipper asks to post their DRAFT `id`. With Stripe configured (`stripe`) this returns Stripe Checkout's URL
 * for the shipment's price (`{ kind: "checkout", url, paymentId }`): the same open session for repeated calls, a new
 * one once the price changed or the last one expired. Without Stripe, or when the draft is already paid for, the
 * shipment is posted at once (`{ kind: "posted", status: "POSTED" }`).
 *
 * Amounts are the shipment's `priceCents` in its `currency`; the session closes after CHECKOUT_TTL_SECONDS.
 * Throws AppError FORBIDDEN (email not verified), NOT_FOUND (not the shipper's), CONFLICT (not a draft),
 * BAD_REQUEST (pick-up window ended, field `pickup.windowEnd`), PRECONDITION_FAILED (the plan's monthly limit is
 * reached, field `plan`; the draft stays) and NOT_CONFIGURED when Stripe refuses or cannot be
 * reached (the draft and its payment row stay; calling again retries with the same idempotency key).
 */
export async function startShipmentCheckout(opts: {
  shipperId: string;
  emailVerified: boolean;
  id: string;
  stripe: TStripeConfig | null;
  now?: Date;
}): Promise<TCheckoutResult> {
  if (!opts.emailVerified) throw new AppError("FORBIDDEN", "Confirm your email address before posting shipments.");
  if (!opts.stripe) {
    return {
      kind: "posted",
      status: await postShipment({ shipperId: opts.shipperId, emailVerified: true, id: opts.id }),
    };
  }
  const now = opts.now ?? new Date();
  const planned = await transactionWithEvents((tx, emit) =>
    plan(tx, emit, { shipperId: opts.shipperId, id: opts.id, now }),
  );
  if (planned.kind === "posted") {
    await publishShipmentChanged(opts.id);
    return planned;
  }
  const { payment, shipment } = planned;
  await expireReplacedCheckouts(planned.replaced, opts.stripe);
  if (payment.checkoutUrl && payment.stripeCheckoutSessionId) {
    return { kind: "checkout", url: payment.checkoutUrl, paymentId: payment.id };
  }

  const base = env.APP_URL.replace(/\/$/, "");
  const metadata = { shipmentId: shipment.id, paymentId: payment.id, reference: shipment.reference };
  let session;
  try {
    session = await stripeClient(opts.stripe).checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: payment.currency.toLowerCase(),
              unit_amount: payment.amountCents,
              product_data: {
                name: `Shipment ${shipment.reference}`,
                description: `${shipment.pickupCity} to ${shipment.dropoffCity}`,
              },
            },
          },
        ],
        // Derived from the row, not the clock: a retry sends exactly the same parameters under the same key.
        expires_at: Math.floor(payment.createdAt.getTime() / 1000) + CHECKOUT_TTL_SECONDS,
        success_url: `${base}/shipper/${shipment.id}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${base}/shipper/${shipment.id}?checkout=cancelled`,
        client_reference_id: payment.id,
        customer_email: shipment.email,
        metadata,
        payment_intent_data: { metadata },
      },
      { idempotencyKey: checkoutIdempotencyKey(payment.id) },
    );
  } catch (error) {
    throw stripeFailure(error, PAYMENTS_UNAVAILABLE);
  }
  if (!session.url) throw new AppError("NOT_CONFIGURED", "Stripe did not return a checkout page. Try again.");
  // A webhook may already have marked the row (paid in another tab within milliseconds): only fill what is empty.
  await db.payment.updateMany({
    where: { id: payment.id, stripeCheckoutSessionId: null },
    data: {
      stripeCheckoutSessionId: session.id,
      checkoutUrl: session.url,
      checkoutExpiresAt: new Date(session.expires_at * 1000),
    },
  });
  return { kind: "checkout", url: session.url, paymentId: payment.id };
}
