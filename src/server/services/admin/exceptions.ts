// The operations exceptions queue (issue 14 §1): what needs a person now, computed from the database on each read
// (never stored copies that can drift). Each rule is one SELECT over live rows; a row is `{ kind, subjectId, since }`
// where `since` is when the condition started. An admin resolving one records who, when and why
// (OpsExceptionResolution with that `since`); the row stays hidden while the condition still started then, and shows
// again once it occurs anew (a later `since`: the code locks again, the window is missed again, the position goes
// stale again after a new one...).
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { writeAudit } from "~/server/services/audit";
import { WEBHOOK_FAILING_ATTEMPTS } from "~/server/services/webhooks/webhook-failures";

/**
 * A load POSTED longer than this many hours with no driver is an exception: most loads are taken within a couple of
 * hours, so one still open after 4 needs a price or a phone call (an operations choice, not a rule from elsewhere).
 */
export const UNFILLED_LOAD_HOURS = 4;

/** No position for more than this many minutes while PICKED_UP or IN_TRANSIT is an exception (issue 14 §1). */
export const STALE_POSITION_MINUTES = 10;

export const exceptionKinds = [
  "DELIVERY_CODE_LOCKED",
  "PICKUP_MISSED",
  "ETA_LATE",
  "NO_POSITION",
  "LOAD_UNFILLED",
  "NOTIFICATION_FAILED",
  "PAYMENT_FAILED",
  "REFUND_FAILED",
  "PAYOUT_FAILED",
  "WEBHOOK_FAILING",
] as const;

export type TExceptionKind = (typeof exceptionKinds)[number];

export const exceptionLabel: Record<TExceptionKind, string> = {
  DELIVERY_CODE_LOCKED: "Delivery code locked",
  PICKUP_MISSED: "Pick-up window missed",
  ETA_LATE: "ETA past the drop-off window",
  NO_POSITION: `No position for ${STALE_POSITION_MINUTES}+ minutes`,
  LOAD_UNFILLED: `Posted ${UNFILLED_LOAD_HOURS}+ hours without a driver`,
  NOTIFICATION_FAILED: "Notification failed",
  PAYMENT_FAILED: "Payment failed",
  REFUND_FAILED: "Refund failed",
  PAYOUT_FAILED: "Payout failed",
  WEBHOOK_FAILING: `Webhook failing (${WEBHOOK_FAILING_ATTEMPTS}+ attempts)`,
};

type TRawRow = {
  kind: TExceptionKind;
  subjectId: string;
  since: Date;
  /** The condition's identity for resolutions (ETA_LATE: the drop-off window's end; otherwise `since`). */
  keySince: Date;
  shipmentId: string | null;
  reference: string | null;
  status: ShipmentStatus | null;
  userId: string | null;
  detail: string | null;
};

/**
 * Every open exception as one UNION ALL, each branch a rule over live rows (all indexed by status or by a partial
 * scan of the few rows in an exceptional state), less those resolved for the same start. `key` narrows it to one.
 */
function openExceptionsSql(now: Date, key?: { kind: TExceptionKind; subjectId: string }) {
  const stale = new Date(now.getTime() - STALE_POSITION_MINUTES * 60_000);
  const unfilled = new Date(now.getTime() - UNFILLED_LOAD_HOURS * 3600_000);
  return Prisma.sql`
    WITH rules AS (
      SELECT 'DELIVERY_CODE_LOCKED' AS kind, s."id" AS "subjectId", s."deliveryCodeLockedAt" AS since,
             s."id" AS "shipmentId", s."reference", s."status"::text AS status, s."driverId" AS "userId",
             NULL::text AS detail, NULL::timestamptz AS "keySince"
        FROM "Shipment" s
       WHERE s."status" IN ('ASSIGNED', 'PICKED_UP', 'IN_TRANSIT') AND s."deliveryCodeLockedAt" IS NOT NULL
      UNION ALL
      SELECT 'PICKUP_MISSED', s."id", s."pickupWindowEnd", s."id", s."reference", s."status"::text, s."driverId",
             NULL, NULL
        FROM "Shipment" s
       WHERE s."status" IN ('POSTED', 'ASSIGNED') AND s."pickupWindowEnd" < ${now}
      UNION ALL
      -- Late: not delivered and either the ETA is past the drop-off window's end or the window has closed (a stale
      -- ETA from before it closed does not make a load on time). Shown since the window closed; while it is still
      -- open, since the ETA that is past it was computed (the last position; never in the future). Resolutions are
      -- keyed by the window's end: a resolved row stays hidden until the window changes.
      SELECT 'ETA_LATE', s."id",
             CASE WHEN s."dropoffWindowEnd" <= ${now} THEN s."dropoffWindowEnd"
                  ELSE LEAST(COALESCE(s."lastPositionAt", s."inTransitAt", s."pickedUpAt", ${now}), ${now}) END,
             s."id", s."reference", s."status"::text, s."driverId",
             to_char(s."etaAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), s."dropoffWindowEnd"
        FROM "Shipment" s
       WHERE s."status" IN ('PICKED_UP', 'IN_TRANSIT')
         AND (s."etaAt" > s."dropoffWindowEnd" OR s."dropoffWindowEnd" < ${now})
      UNION ALL
      SELECT 'NO_POSITION', s."id", GREATEST(s."lastPositionAt", s."pickedUpAt", s."inTransitAt"), s."id",
             s."reference", s."status"::text, s."driverId", NULL, NULL
        FROM "Shipment" s
       WHERE s."status" IN ('PICKED_UP', 'IN_TRANSIT')
         AND GREATEST(s."lastPositionAt", s."pickedUpAt", s."inTransitAt") < ${stale}
      UNION ALL
      SELECT 'LOAD_UNFILLED', s."id", s."postedAt", s."id", s."reference", s."status"::text, s."shipperId", NULL, NULL
        FROM "Shipment" s
       WHERE s."status" = 'POSTED' AND s."driverId" IS NULL AND s."postedAt" < ${unfilled}
      UNION ALL
      SELECT 'NOTIFICATION_FAILED', d."id", d."createdAt", n."shipmentId", s."reference", s."status"::text,
             n."userId", d."channel"::text || ': ' || left(coalesce(d."error", 'no error recorded'), 200), NULL
        FROM "NotificationDelivery" d
        JOIN "Notification" n ON n."id" = d."notificationId"
        LEFT JOIN "Shipment" s ON s."id" = n."shipmentId"
       WHERE d."status" = 'FAILED'
      UNION ALL
      SELECT 'PAYMENT_FAILED', p."id", p."updatedAt", p."shipmentId", s."reference", s."status"::text, p."payerId",
             left(p."failureMessage", 200), NULL
        FROM "Payment" p JOIN "Shipment" s ON s."id" = p."shipmentId"
       WHERE p."status" = 'FAILED'
         AND NOT EXISTS (SELECT 1 FROM "Payment" q WHERE q."shipmentId" = p."shipmentId" AND q."status" = 'SUCCEEDED')
      UNION ALL
      SELECT 'REFUND_FAILED', p."id", p."updatedAt", p."shipmentId", s."reference", s."status"::text, p."payerId",
             left(p."refundFailureReason", 200), NULL
        FROM "Payment" p JOIN "Shipment" s ON s."id" = p."shipmentId"
       WHERE p."refundStatus" = 'FAILED'
      UNION ALL
      SELECT 'PAYOUT_FAILED', o."id", o."createdAt", NULL, NULL, NULL, o."driverId", left(o."failureReason", 200), NULL
        FROM "Payout" o
       WHERE o."status" = 'FAILED'
      UNION ALL
      SELECT 'WEBHOOK_FAILING', w."id", w."firstFailedAt", NULL, NULL, NULL, NULL,
             w."provider" || ' ' || w."eventType" || ' ' || w."eventId" || ', ' || w."attempts"::text
               || ' failed attempts: ' || left(w."lastError", 200), NULL
        FROM "WebhookFailure" w
       WHERE w."resolvedAt" IS NULL AND w."attempts" >= ${WEBHOOK_FAILING_ATTEMPTS}
    )
    SELECT r.kind, r."subjectId", r.since, COALESCE(r."keySince", r.since) AS "keySince", r."shipmentId",
           r."reference", r."status", r."userId", r."detail"
      FROM rules r
     WHERE r.since IS NOT NULL
       ${key ? Prisma.sql`AND r.kind = ${key.kind} AND r."subjectId" = ${key.subjectId}` : Prisma.empty}
       AND NOT EXISTS (
         SELECT 1 FROM "OpsExceptionResolution" x
          WHERE x."key" = r.kind || ':' || r."subjectId" AND x."conditionSince" >= COALESCE(r."keySince", r.since)
       )`;
}

/** Where an admin acts on an exception: the shipment's page, payouts for a payout or webhook, else the person's. */
function actHref(r: TRawRow): string {
  if (r.shipmentId) return `/admin/shipments/${encodeURIComponent(r.shipmentId)}`;
  if (r.kind === "PAYOUT_FAILED" || r.kind === "WEBHOOK_FAILING") return "/admin/payouts";
  return r.userId ? `/admin/users/${encodeURIComponent(r.userId)}` : "/admin";
}

/**
 * A readable name for a row: the shipment's reference; otherwise "Payout to Dana Driver", "Stripe event evt_…",
 * "Notification to Dana Driver" (`names`: user id → name or email; `events`: webhook failure id → provider and
 * event id).
 */
function titleOf(
  r: TRawRow,
  names: Map<string, string>,
  events: Map<string, { provider: string; eventId: string }>,
): string {
  if (r.reference) return r.reference;
  const who = r.userId ? names.get(r.userId) : undefined;
  if (r.kind === "WEBHOOK_FAILING") {
    const e = events.get(r.subjectId);
    if (e) return `${e.provider === "stripe" ? "Stripe" : e.provider} event ${e.eventId}`;
  }
  if (r.kind === "PAYOUT_FAILED" && who) return `Payout to ${who}`;
  if (r.kind === "NOTIFICATION_FAILED" && who) return `Notification to ${who}`;
  return `${exceptionLabel[r.kind]} #${r.subjectId.slice(-8)}`;
}

/**
 * One page of open exceptions, oldest first (the longest waiting on top), `pageSize` rows from `page` (1-based);
 * `total` counts them all and `byKind` per kind. Each item: `kind`, `label`, `subjectId` (the shipment, delivery,
 * payment or payout id), `since` (when the condition started, UTC), `ageSeconds` (now − since, at least 0: an ETA
 * already past a drop-off window that has not ended yet is 0), the shipment `reference`/`status` when there is one,
 * a short `detail` (channel and error, decline message, the ETA as ISO-8601 UTC), `title` (the reference, or e.g.
 * "Payout to Dana Driver", "Stripe event evt_…") and `href`, where to act.
 * Optional `kind` filters to one rule. `client` is the database to read (the app's by default; the seed's test
 * passes a fresh one).
 */
export async function listExceptions(
  opts: { kind?: TExceptionKind; page: number; pageSize: number },
  client: PrismaClient = db,
) {
  const now = new Date();
  const base = openExceptionsSql(now);
  const filter = opts.kind ? Prisma.sql`WHERE e.kind = ${opts.kind}` : Prisma.empty;
  const [rows, counts] = await Promise.all([
    client.$queryRaw<TRawRow[]>`
      SELECT * FROM (${base}) e ${filter}
       ORDER BY e.since ASC, e.kind ASC, e."subjectId" ASC
       LIMIT ${opts.pageSize} OFFSET ${(opts.page - 1) * opts.pageSize}`,
    client.$queryRaw<{ kind: TExceptionKind; n: bigint }[]>`
      SELECT e.kind, count(*) AS n FROM (${base}) e GROUP BY e.kind`,
  ]);
  const userIds = [...new Set(rows.filter((r) => !r.reference && r.userId).map((r) => r.userId!))];
  const webhookIds = rows.filter((r) => r.kind === "WEBHOOK_FAILING").map((r) => r.subjectId);
  const [users, webhooks] = await Promise.all([
    userIds.length
      ? client.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })
      : [],
    webhookIds.length
      ? client.webhookFailure.findMany({
          where: { id: { in: webhookIds } },
          select: { id: true, provider: true, eventId: true },
        })
      : [],
  ]);
  const names = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  const events = new Map(webhooks.map((w) => [w.id, w]));
  const byKind = Object.fromEntries(exceptionKinds.map((k) => [k, 0])) as Record<TExceptionKind, number>;
  for (const c of counts) byKind[c.kind] = Number(c.n);
  const total = opts.kind ? byKind[opts.kind] : Object.values(byKind).reduce((a, b) => a + b, 0);
  return {
    items: rows.map((r) => ({
      kind: r.kind,
      label: exceptionLabel[r.kind],
      subjectId: r.subjectId,
      title: titleOf(r, names, events),
      since: r.since,
      ageSeconds: Math.max(0, Math.floor((now.getTime() - r.since.getTime()) / 1000)),
      shipmentId: r.shipmentId,
      reference: r.reference,
      status: r.status,
      detail: r.detail,
      href: actHref(r),
    })),
    total,
    byKind,
    page: opts.page,
    pageSize: opts.pageSize,
    pageCount: Math.max(1, Math.ceil(total / opts.pageSize)),
  };
}

/** What resolving an exception that is not open (any more) answers; the queue refetches on it. */
export const EXCEPTION_NOT_OPEN = "This exception is no longer open: it was resolved or has cleared.";

/**
 * An admin resolves the open exception `kind` on `subjectId` with `reason`: records who, when and why, and the
 * start of the condition it resolved, so it shows again only when the condition occurs anew. Returns the
 * resolution's `{ id, conditionSince }`. Throws AppError NOT_FOUND when no such exception is open (already resolved,
 * or its condition has cleared, or another admin resolved it at the same moment).
 */
export async function resolveException(opts: {
  adminId: string;
  ip: string;
  kind: TExceptionKind;
  subjectId: string;
  reason: string;
}) {
  const notOpen = () => new AppError("NOT_FOUND", EXCEPTION_NOT_OPEN);
  try {
    return await db.$transaction(async (tx) => {
      const [open] = await tx.$queryRaw<TRawRow[]>`${openExceptionsSql(new Date(), opts)}`;
      if (!open) throw notOpen();
      // Unique on (key, conditionSince): of two admins resolving the same row at once, the second insert waits for the
      // first and then fails (P2002), answered below as "no longer open".
      const resolution = await tx.opsExceptionResolution.create({
        data: {
          key: `${opts.kind}:${opts.subjectId}`,
          kind: opts.kind,
          conditionSince: open.keySince,
          resolvedById: opts.adminId,
          reason: opts.reason,
        },
        select: { id: true, conditionSince: true },
      });
      await writeAudit(tx, {
        actorId: opts.adminId,
        action: "ops_exception.resolved",
        entityType: open.shipmentId ? "Shipment" : "OpsException",
        entityId: open.shipmentId ?? `${opts.kind}:${opts.subjectId}`,
        data: { kind: opts.kind, subjectId: opts.subjectId, since: open.keySince.toISOString(), reason: opts.reason },
        ip: opts.ip,
      });
      return resolution;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw notOpen();
    throw error;
  }
}

/**
 * The `limit` (default 20) most recent resolutions, newest first: `kind`, its `label`, `subjectId`, `title` (named
 * as the queue names it: the shipment's reference, "Payout to Dana Driver", "Stripe event evt_…", "Notification
 * to Dana Driver"; "<label> #<last 8 of the id>" when the subject is gone), `resolvedAt` (UTC), `resolvedBy`
 * ({ id, name } or null when the admin was deleted), `reason` and `href` (the shipment's page when there is one).
 */
export async function listRecentResolutions(opts: { limit?: number } = {}, client: PrismaClient = db) {
  const rows = await client.opsExceptionResolution.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 20,
    select: { id: true, key: true, kind: true, reason: true, createdAt: true, resolvedById: true },
  });
  const subjectOf = (key: string) => key.slice(key.indexOf(":") + 1);
  const idsOf = (...kinds: TExceptionKind[]) =>
    rows.filter((r) => kinds.includes(r.kind as TExceptionKind)).map((r) => subjectOf(r.key));
  const adminIds = [...new Set(rows.map((r) => r.resolvedById).filter((id): id is string => !!id))];
  const named = { select: { name: true, email: true } } as const;
  const [admins, shipments, payments, deliveries, payouts, webhooks] = await Promise.all([
    client.user.findMany({ where: { id: { in: adminIds } }, select: { id: true, name: true, email: true } }),
    client.shipment.findMany({
      where: { id: { in: rows.map((r) => subjectOf(r.key)) } },
      select: { id: true, reference: true },
    }),
    client.payment.findMany({
      where: { id: { in: idsOf("PAYMENT_FAILED", "REFUND_FAILED") } },
      select: { id: true, shipment: { select: { id: true, reference: true } } },
    }),
    client.notificationDelivery.findMany({
      where: { id: { in: idsOf("NOTIFICATION_FAILED") } },
      select: {
        id: true,
        notification: { select: { user: named, shipment: { select: { id: true, reference: true } } } },
      },
    }),
    client.payout.findMany({ where: { id: { in: idsOf("PAYOUT_FAILED") } }, select: { id: true, driver: named } }),
    client.webhookFailure.findMany({
      where: { id: { in: idsOf("WEBHOOK_FAILING") } },
      select: { id: true, provider: true, eventId: true },
    }),
  ]);
  const nameOf = (u: { name: string | null; email: string }) => u.name ?? u.email;
  const adminById = new Map(admins.map((a) => [a.id, { id: a.id, name: nameOf(a) }]));
  // Each subject id → the shipment it concerns (when there is one) and, without one, a name.
  const subjects = new Map<string, { shipment?: { id: string; reference: string }; name?: string }>();
  for (const x of shipments) subjects.set(x.id, { shipment: x });
  for (const p of payments) subjects.set(p.id, { shipment: p.shipment });
  for (const d of deliveries) {
    subjects.set(d.id, {
      shipment: d.notification.shipment ?? undefined,
      name: `Notification to ${nameOf(d.notification.user)}`,
    });
  }
  for (const o of payouts) subjects.set(o.id, { name: `Payout to ${nameOf(o.driver)}` });
  for (const w of webhooks) {
    subjects.set(w.id, { name: `${w.provider === "stripe" ? "Stripe" : w.provider} event ${w.eventId}` });
  }
  return rows.map((r) => {
    const subjectId = subjectOf(r.key);
    const kind = r.kind as TExceptionKind;
    const label = exceptionLabel[kind] ?? r.kind;
    const subject = subjects.get(subjectId);
    return {
      id: r.id,
      kind,
      label,
      subjectId,
      title: subject?.shipment?.reference ?? subject?.name ?? `${label} #${subjectId.slice(-8)}`,
      resolvedAt: r.createdAt,
      resolvedBy: r.resolvedById ? (adminById.get(r.resolvedById) ?? null) : null,
      reason: r.reason,
      href: subject?.shipment ? `/admin/shipments/${encodeURIComponent(subject.shipment.id)}` : null,
    };
  });
}
