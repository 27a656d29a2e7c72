// The rules of driver payouts (issue 13 §4): what a driver is paid for a load, when the weekly run pays, and what
// quick pay costs. Money is integer cents (USD); instants are UTC, weeks are counted in PAYOUT_TIME_ZONE.
import { TZDate } from "@date-fns/tz";
import { startOfDay, subDays } from "date-fns";

/**
 * Quick pay's fee, in basis points of the load's driver pay: 2 %. OUR number (Trial Transport's), chosen to sit
 * below the 2.5–3 % that freight quick-pay programmes such as Uber Freight's charge; Stripe charges the platform
 * nothing extra for a standard transfer, so the fee is ours to set.
 */
export const QUICK_PAY_FEE_BPS = 200;

/** The weekly run's zone and time: Fridays at 09:00 in Chicago (the app's home market), as a cron the zone follows. */
export const PAYOUT_TIME_ZONE = "America/Chicago";
export const WEEKLY_PAYOUT_CRON = `TZ=${PAYOUT_TIME_ZONE} 0 9 * * 5`;

/**
 * A driver's pay for one load: the shipment's `driverPayoutCents`, fixed when it was priced by `quote()` in
 * src/lib/pricing.ts (the price minus the platform's PLATFORM_FEE_BPS, 15 %), in the shipment's currency.
 */
export function driverShareCents(shipment: { driverPayoutCents: number }): number {
  return shipment.driverPayoutCents;
}

/** Quick pay's fee for a load paying `grossCents`: QUICK_PAY_FEE_BPS of it, rounded to the nearest cent. */
export function quickPayFeeCents(grossCents: number): number {
  return Math.round((grossCents * QUICK_PAY_FEE_BPS) / 10_000);
}

/**
 * The payout week a run at `now` pays: loads COMPLETED before `periodEnd`, the latest Friday 00:00 in
 * PAYOUT_TIME_ZONE at or before `now`; `periodStart` is the Friday 00:00 a week before it (a Payout's key, with the
 * driver: one weekly payout per driver and week, whatever the number of runs). Both are UTC instants.
 */
export function payoutWeek(now: Date): { periodStart: Date; periodEnd: Date } {
  const local = new TZDate(now.getTime(), PAYOUT_TIME_ZONE);
  const back = (local.getDay() - 5 + 7) % 7; // days since Friday
  const end = startOfDay(subDays(local, back));
  const start = startOfDay(subDays(end, 7));
  return { periodStart: new Date(start.getTime()), periodEnd: new Date(end.getTime()) };
}

/** Stripe's requirement paths (`requirements.currently_due`) in words a driver understands. */
const requirementLabels: Record<string, string> = {
  "business_profile.mcc": "The kind of work you do",
  "business_profile.url": "A website or description of your business",
  external_account: "A bank account to receive payouts",
  "individual.dob.day": "Your date of birth",
  "individual.dob.month": "Your date of birth",
  "individual.dob.year": "Your date of birth",
  "individual.first_name": "Your first name",
  "individual.last_name": "Your last name",
  "individual.ssn_last_4": "The last 4 digits of your SSN",
  "individual.id_number": "Your full SSN",
  "individual.verification.document": "A photo of your ID",
  "individual.address.line1": "Your home address",
  "tos_acceptance.date": "Accepting Stripe's terms",
  "tos_acceptance.ip": "Accepting Stripe's terms",
};

/** The distinct labels of Stripe requirement paths, in order; unknown paths are shown as Stripe names them. */
export function requirementsInWords(paths: string[]): string[] {
  return [...new Set(paths.map((p) => requirementLabels[p] ?? p))];
}

/** The next weekly run after `now`: Friday 09:00 in PAYOUT_TIME_ZONE (a UTC instant), as WEEKLY_PAYOUT_CRON fires. */
export function nextWeeklyRun(now: Date): Date {
  const local = new TZDate(now.getTime(), PAYOUT_TIME_ZONE);
  const ahead = (5 - local.getDay() + 7) % 7;
  const candidate = new TZDate(local.getTime(), PAYOUT_TIME_ZONE);
  candidate.setDate(local.getDate() + ahead);
  candidate.setHours(9, 0, 0, 0);
  if (candidate.getTime() <= now.getTime()) candidate.setDate(candidate.getDate() + 7);
  return new Date(candidate.getTime());
}

/** One payment of a cancelled shipment, as the cancellation fee's rule reads it (cents). */
export type TFeePayment = {
  status: "PENDING" | "SUCCEEDED" | "FAILED" | "REFUNDED" | "EXPIRED";
  amountCents: number;
  /** What Stripe says was refunded (charge.refunded), whoever refunded it. */
  refundedCents: number;
  /** Our policy refund (services/payments/owe-refund.ts): what it returns, and where it stands. */
  refundDueCents: number | null;
  refundStatus: "PENDING" | "SUCCEEDED" | "FAILED" | null;
};

/**
 * The cancellation fee a driver is paid for a load cancelled after they accepted, in cents: the fee recorded on
 * the cancel event (`feeCents`, CANCELLATION_FEE_BPS of the price, services/payments/refund-policy.ts, "the fee
 * the driver is owed"), paid in full to the driver (no platform fee is taken from it), but never more than the
 * platform keeps of what the shipper paid. Kept per payment: nothing unless the charge succeeded; otherwise the
 * amount less the larger of what Stripe reports refunded and our policy refund when it is sent or being sent. A
 * policy refund that FAILED returns nothing, so the fee is still held and owed; a refund beyond the policy (a full
 * refund in Stripe's Dashboard, status REFUNDED) waives it in part or in full. 0 when nothing was charged.
 */
export function cancellationFeeOwedCents(feeCents: number, payments: readonly TFeePayment[]): number {
  if (feeCents <= 0) return 0;
  let kept = 0;
  for (const p of payments) {
    if (p.status !== "SUCCEEDED" && p.status !== "REFUNDED") continue;
    const policy = p.refundStatus === "PENDING" || p.refundStatus === "SUCCEEDED" ? (p.refundDueCents ?? 0) : 0;
    kept += Math.max(0, p.amountCents - Math.max(p.refundedCents, policy));
  }
  return Math.min(feeCents, kept);
}
