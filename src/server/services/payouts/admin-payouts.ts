// The admins' payouts page (issue 13 §4): every payout with its driver and Stripe's word on it, and a retry for a
// failed one. A retry is one audited claim (FAILED -> PENDING, under the row's lock) followed by the same transfer
// the weekly run sends (transfer.ts), so two clicks or two tabs make one claim, one audit row and one transfer.
import { AppError } from "~/lib/app-error";
import type { PayoutStatus } from "~/generated/prisma/enums";
import { payoutItemLabel } from "~/lib/payout-items";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { writeAudit } from "../audit";
import { DRIVER_SETUP_UNFINISHED_FOR_ADMIN, sendPayoutTransfer, storedPayoutAmountProblem } from "./transfer";

export const payoutStatuses = ["PENDING", "PAID", "FAILED"] as const satisfies readonly PayoutStatus[];

/** Lines (loads and cancellation fees) listed per payout on the admins' page; `loads` counts them all. */
export const ADMIN_ITEMS_LISTED = 25;

/**
 * One page of payouts, newest first (created time, then id), optionally only those in `status`. `page` is 1-based,
 * `pageSize` rows per page. Amounts are integer cents in each row's currency; instants are UTC (the page shows them
 * in the viewer's zone). Each payout has `loads` (its item count) and its first ADMIN_ITEMS_LISTED `lines`
 * (`{ shipmentId, kind, label, amountCents }`: a load's pay or a "Cancellation fee (TONU) – <reference>").
 * Each row's `driverSetupProblem` is null, or DRIVER_SETUP_UNFINISHED_FOR_ADMIN when the driver has no Connect account
 * or Stripe does not pay out to it yet (a retry would be refused). Returns `{ items, total, page, pageCount }`; a
 * page past the end is empty.
 */
export async function listPayoutsForAdmin(opts: { status?: PayoutStatus; page: number; pageSize: number }) {
  const where = opts.status ? { status: opts.status } : {};
  const [total, rows] = await Promise.all([
    db.payout.count({ where }),
    db.payout.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (opts.page - 1) * opts.pageSize,
      take: opts.pageSize,
      select: {
        id: true,
        kind: true,
        status: true,
        amountCents: true,
        feeCents: true,
        currency: true,
        periodStart: true,
        periodEnd: true,
        stripeTransferId: true,
        failureReason: true,
        createdAt: true,
        paidAt: true,
        lastAttemptAt: true,
        driver: {
          select: {
            id: true,
            name: true,
            email: true,
            driverProfile: { select: { stripeConnectAccountId: true, payoutsEnabled: true } },
          },
        },
        _count: { select: { items: true } },
        items: {
          orderBy: { id: "asc" },
          take: ADMIN_ITEMS_LISTED,
          select: { kind: true, amountCents: true, shipment: { select: { id: true, reference: true } } },
        },
      },
    }),
  ]);
  return {
    items: rows.map(({ _count, items, driver: { driverProfile, ...driver }, ...r }) => ({
      ...r,
      driver,
      /** Null when the driver's account can receive payouts; else why not, in admins' words (Retry waits). */
      driverSetupProblem:
        driverProfile?.stripeConnectAccountId && driverProfile.payoutsEnabled
          ? null
          : DRIVER_SETUP_UNFINISHED_FOR_ADMIN,
      loads: _count.items,
      lines: items.map((i) => ({
        shipmentId: i.shipment.id,
        kind: i.kind,
        label: payoutItemLabel({ kind: i.kind, reference: i.shipment.reference }),
        amountCents: i.amountCents,
      })),
    })),
    total,
    page: opts.page,
    pageCount: Math.max(1, Math.ceil(total / opts.pageSize)),
  };
}

export type TRetryPayoutResult = {
  /** PAID: the transfer went through now or had already; FAILED: Stripe refused again (reason in failureReason);
   *  PENDING: another retry of this payout is sending it (nothing was sent by this call). */
  status: PayoutStatus;
  failureReason: string | null;
  stripeTransferId: string | null;
  /** True when this call made the retry (and wrote its audit row); false for a repeat that found it done or going. */
  retried: boolean;
};

/**
 * An admin retries the failed payout `payoutId` with a `reason` (3-500 characters, kept in the audit log with the
 * Stripe reason it failed with). In one transaction under the payout's row lock: the FAILED payout becomes PENDING
 * and an audit row `payout.retried` is written; after commit the transfer is sent with the payout's idempotency key
 * (transfer.ts). A repeat (double click, second tab) finds it PENDING or PAID and answers its state without a second
 * audit row or transfer. Throws AppError NOT_CONFIGURED without Stripe, NOT_FOUND for an unknown payout, CONFLICT for
 * a payout that has not failed (waiting for its first run), and CONFLICT (nothing sent, the payout stays FAILED with
 * the reason stored) when the driver cannot receive payouts yet or the payout's amount is not its items' sum minus
 * its fee (or it has no items): the amount sent is re-derived from the loads, never taken on trust. Network errors from Stripe leave it PENDING for the next
 * weekly run and throw NOT_CONFIGURED ("try again").
 */
export async function retryPayout(opts: {
  adminId: string;
  ip: string;
  payoutId: string;
  reason: string;
  stripe: TStripeConfig | null;
}): Promise<TRetryPayoutResult> {
  if (!opts.stripe) throw new AppError("NOT_CONFIGURED", "Payouts are not available: Stripe is not configured.");
  const claim = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      { status: PayoutStatus; driverId: string; failureReason: string | null; lastAttemptAt: Date | null }[]
    >`SELECT "status"::text AS "status", "driverId", "failureReason", "lastAttemptAt" FROM "Payout" WHERE "id" = ${opts.payoutId}
      FOR UPDATE`;
    if (!row) throw new AppError("NOT_FOUND", "Payout not found.");
    if (row.status === "PENDING" && !row.lastAttemptAt) {
      throw new AppError("CONFLICT", "This payout has not been sent yet: the weekly run sends it.");
    }
    if (row.status !== "FAILED") return { retried: false };
    const profile = await tx.driverProfile.findUnique({
      where: { userId: row.driverId },
      select: { stripeConnectAccountId: true, payoutsEnabled: true },
    });
    const refused =
      profile?.stripeConnectAccountId && profile.payoutsEnabled
        ? await storedPayoutAmountProblem(tx, opts.payoutId)
        : `${DRIVER_SETUP_UNFINISHED_FOR_ADMIN} Retry once Stripe can pay out to them.`;
    if (refused) {
      await tx.payout.update({ where: { id: opts.payoutId }, data: { failureReason: refused } });
      return { retried: false, refused };
    }
    await tx.payout.update({ where: { id: opts.payoutId }, data: { status: "PENDING" } });
    await writeAudit(tx, {
      actorId: opts.adminId,
      action: "payout.retried",
      entityType: "Payout",
      entityId: opts.payoutId,
      targetUserId: row.driverId,
      data: { reason: opts.reason, previousFailure: row.failureReason },
      ip: opts.ip,
    });
    return { retried: true };
  });
  if ("refused" in claim && claim.refused) throw new AppError("CONFLICT", claim.refused);
  if (claim.retried) {
    try {
      await sendPayoutTransfer({ payoutId: opts.payoutId, stripe: opts.stripe });
    } catch {
      throw new AppError(
        "NOT_CONFIGURED",
        "Stripe could not be reached. The payout stays pending: try again, or the weekly run sends it.",
      );
    }
  }
  const now = await db.payout.findUniqueOrThrow({
    where: { id: opts.payoutId },
    select: { status: true, failureReason: true, stripeTransferId: true },
  });
  return { ...now, retried: claim.retried };
}
