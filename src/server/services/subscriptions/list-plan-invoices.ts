// The shipper's subscription invoices, listed from Stripe (issue 13 §3): Stripe numbers, hosts and renders them;
// the app shows them beside its own shipment invoices with their hosted links.
import type Stripe from "stripe";

import { db } from "~/server/db";
import { stripeClient, type TStripeConfig } from "~/server/integrations/stripe/client";
import { stripeFailure } from "../payments/stripe-errors";

export type TPlanInvoice = {
  id: string;
  number: string | null;
  status: "draft" | "open" | "paid" | "uncollectible" | "void";
  /** Due on the invoice and paid so far, in cents of `currency` (upper-case ISO 4217). */
  amountDueCents: number;
  amountPaidCents: number;
  currency: string;
  createdAt: Date;
  periodStart: Date;
  periodEnd: Date;
  hostedInvoiceUrl: string | null;
};

const STATUSES = ["draft", "open", "paid", "uncollectible", "void"] as const;

function toPlanInvoice(i: Stripe.Invoice): TPlanInvoice {
  const line = i.lines?.data[0];
  return {
    id: i.id ?? "",
    number: i.number ?? null,
    status: STATUSES.find((s) => s === i.status) ?? "open",
    amountDueCents: i.amount_due,
    amountPaidCents: i.amount_paid,
    currency: i.currency.toUpperCase(),
    createdAt: new Date(i.created * 1000),
    periodStart: new Date((line?.period.start ?? i.period_start) * 1000),
    periodEnd: new Date((line?.period.end ?? i.period_end) * 1000),
    hostedInvoiceUrl: i.hosted_invoice_url ?? null,
  };
}

/**
 * The newest 24 subscription invoices of `userId`'s own Stripe customer, newest first; [] without Stripe or without
 * a customer. Throws AppError NOT_CONFIGURED when Stripe fails.
 */
export async function listPlanInvoices(opts: {
  userId: string;
  stripe: TStripeConfig | null;
}): Promise<TPlanInvoice[]> {
  if (!opts.stripe) return [];
  const user = await db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { stripeCustomerId: true } });
  if (!user.stripeCustomerId) return [];
  try {
    const list = await stripeClient(opts.stripe).invoices.list({ customer: user.stripeCustomerId, limit: 24 });
    return list.data.filter((i) => i.parent?.subscription_details).map(toPlanInvoice);
  } catch (error) {
    throw stripeFailure(error);
  }
}
