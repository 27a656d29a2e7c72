// Shipper plans (issue 13 §2): what each costs, the platform fee it sets and how many shipments it may post a month.
// The one place these figures live; the server, the billing page and the pricing function read them from here.
import type { ShipperPlan, SubscriptionStatus } from "~/generated/prisma/enums";

export type TPlanId = ShipperPlan;

export type TPlan = {
  id: TPlanId;
  name: string;
  /** What the plan costs a month, in USD cents (0 for Free). */
  monthlyPriceCents: number;
  /** The platform's share of each shipment's price, in basis points (1 500 = 15 %). */
  platformFeeBps: number;
  /** Shipments the shipper may post per calendar month (UTC); null: no limit. */
  monthlyShipmentLimit: number | null;
  /** The Stripe Price's `lookup_key` (a recurring monthly price); null for Free, which has no price. */
  lookupKey: string | null;
  /** One line for the plan card. */
  summary: string;
};

/**
 * The plans. Source: the figures are the project's decision for issue 13 §2 (the issue names the dimensions, a fee
 * percentage and a monthly shipment limit per plan, not the numbers). Free keeps the fee every shipment had before
 * plans existed (15 %, the old PLATFORM_FEE_BPS) and a limit that covers an occasional shipper; Pro and Business
 * trade a monthly price for a lower take rate and more volume, as tiered freight marketplaces do. Change them here
 * only: quotes, the posting limit and the billing page follow; the Stripe price for a changed amount is created
 * under the same lookup key on first use (services/subscriptions/plan-price.ts).
 */
export const PLANS: Record<TPlanId, TPlan> = {
  FREE: {
    id: "FREE",
    name: "Free",
    monthlyPriceCents: 0,
    platformFeeBps: 1_500,
    monthlyShipmentLimit: 5,
    lookupKey: null,
    summary: "Up to 5 shipments a month, 15 % platform fee.",
  },
  PRO: {
    id: "PRO",
    name: "Pro",
    monthlyPriceCents: 4_900,
    platformFeeBps: 1_200,
    monthlyShipmentLimit: 50,
    lookupKey: "tt_pro_monthly",
    summary: "Up to 50 shipments a month, 12 % platform fee.",
  },
  BUSINESS: {
    id: "BUSINESS",
    name: "Business",
    monthlyPriceCents: 19_900,
    platformFeeBps: 900,
    monthlyShipmentLimit: null,
    lookupKey: "tt_business_monthly",
    summary: "Unlimited shipments, 9 % platform fee.",
  },
};

export const PLAN_ORDER: TPlanId[] = ["FREE", "PRO", "BUSINESS"];

/** The plan whose Stripe price has this lookup key; null for a price that is not one of ours. */
export function planForLookupKey(lookupKey: string | null | undefined): TPlanId | null {
  return PLAN_ORDER.find((id) => PLANS[id].lookupKey !== null && PLANS[id].lookupKey === lookupKey) ?? null;
}

/**
 * The plan a shipper's subscription gives them now: its plan while ACTIVE or TRIALING; Free for every other state
 * (PAST_DUE, CANCELED, INCOMPLETE) and without a subscription. Source: issue 13 §2, "past-due and cancelled plans
 * downgrade".
 */
export function effectivePlan(sub: { plan: TPlanId; status: SubscriptionStatus } | null): TPlanId {
  return sub && (sub.status === "ACTIVE" || sub.status === "TRIALING") ? sub.plan : "FREE";
}
