// A Stripe webhook our handler keeps failing on reaches the operations exceptions queue (issue 14 §1): the event is
// recorded and answered at once, the apply-stripe-event Inngest function retries it, each failed attempt is counted,
// the third makes it an exception, a later attempt that succeeds clears it, an admin can replay one that failed for
// good, and a forged delivery counts nothing.
// Through the real executor and /api/inngest route.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signatureHeader, startStripeStandIn, type StripeStandIn } from "../../../../devstack/stripe";
import { signedIn } from "../../../../scripts/test/helpers";
import { settleInngest, testInngest } from "../../../../scripts/test/inngest";
import { stripeForInngestFunctions } from "../../../../scripts/test/stripe";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { stripeEventHandlers } from "~/server/services/payments/apply-stripe-event";
import { handleStripeWebhook } from "~/server/services/payments/handle-stripe-webhook";
import { applyStripeEventCounted, WEBHOOK_FAILING_ATTEMPTS, webhookFailureId } from "./webhook-failures";

let standIn: StripeStandIn;
let config: TStripeConfig;
let restoreStripe: () => void;

beforeAll(async () => {
  standIn = await startStripeStandIn({ webhookUrl: "http://127.0.0.1:9/unused" });
  config = {
    secretKey: standIn.secretKey,
    webhookSecret: standIn.webhookSecret,
    host: standIn.host,
    port: standIn.port,
    protocol: "http",
  };
  restoreStripe = stripeForInngestFunctions(config);
});

afterAll(async () => {
  restoreStripe();
  await standIn.close();
});

/** Inngest's default: four retries after the first attempt (the function sets none of its own). */
const FUNCTION_ATTEMPTS = 5;

/** A signed delivery of an event of `type` (the handler for it is swapped per test). */
function delivery(eventId: string, type: string, secret = config.webhookSecret!) {
  const payload = JSON.stringify({
    id: eventId,
    object: "event",
    type,
    api_version: "2025-01-01",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: `cs_${randomBytes(8).toString("hex")}`, object: "checkout.session" } },
  });
  return { payload, signature: signatureHeader(payload, secret), stripe: config };
}

/**
 * Runs `fn` with the checkout.session.completed handler replaced by `handler`, waits for the Inngest runs it started
 * to finish, then puts the real one back.
 */
async function withHandler<T>(handler: () => Promise<string | null>, fn: () => Promise<T>): Promise<T> {
  const real = stripeEventHandlers["checkout.session.completed"];
  stripeEventHandlers["checkout.session.completed"] = handler;
  try {
    const result = await fn();
    await settleInngest();
    return result;
  } finally {
    stripeEventHandlers["checkout.session.completed"] = real;
  }
}

const failing = () => Promise.reject(new Error("database said no: shipment row locked"));

async function openWebhookExceptions() {
  const admin = await signedIn({ role: "ADMIN" });
  const page = await admin.caller.adminOps.exceptions({ kind: "WEBHOOK_FAILING", pageSize: 100 });
  return { admin, items: page.items };
}

const applyRuns = (eventId: string) =>
  testInngest()
    .executor.runs()
    .filter(
      (r) =>
        r.fnId === "trial-transport-apply-stripe-event" &&
        (r.event.data as { stripeEventId?: string }).stripeEventId === eventId,
    );

describe("a webhook that keeps failing", () => {
  it("is answered at once, counted per failed attempt, listed from the third with its error, and cleared when a retry succeeds", async () => {
    const eventId = `evt_${randomBytes(12).toString("hex")}`;
    const id = webhookFailureId("stripe", eventId);
    // What each attempt finds when it starts: the failures counted so far, the queue, and whether anything applied.
    const seen: Array<{ attempts: number; listed: boolean; applied: boolean }> = [];
    let detail = "";
    const failThriceThenSucceed = async () => {
      const row = await db.webhookFailure.findUnique({ where: { id } });
      const { items } = await openWebhookExceptions();
      const item = items.find((x) => x.subjectId === id);
      const event = await db.stripeEvent.findUniqueOrThrow({ where: { id: eventId } });
      seen.push({ attempts: row?.attempts ?? 0, listed: item !== undefined, applied: event.appliedAt !== null });
      if (item) detail = `${item.label} | ${item.detail}`;
      if (seen.length <= WEBHOOK_FAILING_ATTEMPTS) throw new Error("database said no: shipment row locked");
      return null;
    };
    const answer = await withHandler(failThriceThenSucceed, () =>
      handleStripeWebhook(delivery(eventId, "checkout.session.completed")),
    );
    // Stripe's delivery was answered before any handler ran: recorded, handed on.
    expect(answer).toEqual({ status: 200, body: { received: true } });

    expect(seen).toEqual([
      { attempts: 0, listed: false, applied: false },
      { attempts: 1, listed: false, applied: false },
      { attempts: 2, listed: false, applied: false },
      { attempts: 3, listed: true, applied: false },
    ]);
    expect(detail).toMatch(/^Webhook failing/);
    expect(detail).toContain(`stripe checkout.session.completed ${eventId}, 3 failed attempts`);
    expect(detail).toContain("row locked");

    // The fourth attempt succeeded: applied once, the failure resolved, the exception gone.
    expect(applyRuns(eventId).map((r) => r.status)).toEqual(["Completed"]);
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: eventId } })).appliedAt).not.toBeNull();
    const row = await db.webhookFailure.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ attempts: 3, eventType: "checkout.session.completed" });
    expect(row.resolvedAt).not.toBeNull();
    expect((await openWebhookExceptions()).items.some((x) => x.subjectId === id)).toBe(false);
  });

  it("fails the run after its last retry, unapplied and listed; a late attempt that succeeds clears it", async () => {
    const eventId = `evt_${randomBytes(12).toString("hex")}`;
    const id = webhookFailureId("stripe", eventId);
    await withHandler(failing, () => handleStripeWebhook(delivery(eventId, "checkout.session.completed")));
    expect(applyRuns(eventId).map((r) => r.status)).toEqual(["Failed"]);
    expect(await db.webhookFailure.findUniqueOrThrow({ where: { id } })).toMatchObject({
      attempts: FUNCTION_ATTEMPTS,
      resolvedAt: null,
    });
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: eventId } })).appliedAt).toBeNull();
    expect((await openWebhookExceptions()).items.some((x) => x.subjectId === id)).toBe(true);

    // Applied by hand once the fault is mended (the function's own code path): applied, resolved, gone.
    await expect(applyStripeEventCounted({ stripeEventId: eventId, stripe: config })).resolves.toEqual({
      applied: true,
    });
    expect((await db.webhookFailure.findUniqueOrThrow({ where: { id } })).resolvedAt).not.toBeNull();
    expect((await openWebhookExceptions()).items.some((x) => x.subjectId === id)).toBe(false);
    // Again: already applied, nothing to do.
    await expect(applyStripeEventCounted({ stripeEventId: eventId, stripe: config })).resolves.toEqual({
      applied: false,
      reason: "already applied",
    });
  });

  it("can be replayed by an admin once mended (audited, applied once); shippers and drivers cannot", async () => {
    const eventId = `evt_${randomBytes(12).toString("hex")}`;
    const id = webhookFailureId("stripe", eventId);
    await withHandler(failing, () => handleStripeWebhook(delivery(eventId, "checkout.session.completed")));
    expect(applyRuns(eventId).map((r) => r.status)).toEqual(["Failed"]);

    for (const role of ["SHIPPER", "DRIVER"] as const) {
      const { caller } = await signedIn({ role });
      await expect(caller.adminOps.replayWebhook({ subjectId: id, reason: "Let me in" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const { admin } = await openWebhookExceptions();
    let applied = 0;
    await withHandler(
      () => {
        applied += 1;
        return Promise.resolve(null);
      },
      () => admin.caller.adminOps.replayWebhook({ subjectId: id, reason: "Fixed the shipment lock" }),
    );
    expect(applied).toBe(1);
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: eventId } })).appliedAt).not.toBeNull();
    expect((await db.webhookFailure.findUniqueOrThrow({ where: { id } })).resolvedAt).not.toBeNull();
    expect((await openWebhookExceptions()).items.some((x) => x.subjectId === id)).toBe(false);
    const audits = await db.auditLog.findMany({ where: { entityType: "StripeEvent", entityId: eventId } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: admin.user.id, action: "stripe_event.replayed" });
    expect(audits[0]!.data).toMatchObject({ reason: "Fixed the shipment lock" });

    await expect(admin.caller.adminOps.replayWebhook({ subjectId: id, reason: "Again" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      admin.caller.adminOps.replayWebhook({ subjectId: "stripe-evt_unknown", reason: "Nothing" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A failure whose event was never recorded: the admin is told what to do (the queue shows it in the form),
    // not that the row has gone.
    const lost = `evt_${randomBytes(12).toString("hex")}`;
    await db.webhookFailure.create({
      data: { id: `stripe-${lost}`, provider: "stripe", eventId: lost, eventType: "account.updated", lastError: "x" },
    });
    await expect(
      admin.caller.adminOps.replayWebhook({ subjectId: `stripe-${lost}`, reason: "Try it" }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("ask Stripe to resend") });
  });

  it("counts concurrent failed attempts at one event each", async () => {
    const eventId = `evt_${randomBytes(12).toString("hex")}`;
    // Recorded as the route records it, without the hand-off, so only these five attempts run.
    const { payload } = delivery(eventId, "checkout.session.completed");
    await db.stripeEvent.create({
      data: { id: eventId, type: "checkout.session.completed", payload: JSON.parse(payload) as object },
    });
    await withHandler(failing, () =>
      Promise.allSettled(
        Array.from({ length: 5 }, () => applyStripeEventCounted({ stripeEventId: eventId, stripe: config })),
      ),
    );
    const row = await db.webhookFailure.findUniqueOrThrow({ where: { id: webhookFailureId("stripe", eventId) } });
    expect(row.attempts).toBe(5);
  });

  it("counts nothing for a delivery with a forged signature, and can be resolved by an admin with a reason", async () => {
    const forgedId = `evt_${randomBytes(12).toString("hex")}`;
    const forged = await withHandler(failing, () =>
      handleStripeWebhook(delivery(forgedId, "checkout.session.completed", "whsec_not_the_secret")),
    );
    expect(forged.status).toBe(400);
    expect(await db.stripeEvent.findUnique({ where: { id: forgedId } })).toBeNull();
    expect(applyRuns(forgedId)).toHaveLength(0);
    expect(await db.webhookFailure.findUnique({ where: { id: webhookFailureId("stripe", forgedId) } })).toBeNull();

    const eventId = `evt_${randomBytes(12).toString("hex")}`;
    const id = webhookFailureId("stripe", eventId);
    await withHandler(failing, () => handleStripeWebhook(delivery(eventId, "checkout.session.completed")));
    const { admin, items } = await openWebhookExceptions();
    expect(items.some((x) => x.subjectId === id)).toBe(true);
    await admin.caller.adminOps.resolveException({
      kind: "WEBHOOK_FAILING",
      subjectId: id,
      reason: "Replayed the checkout by hand",
    });
    expect((await openWebhookExceptions()).items.some((x) => x.subjectId === id)).toBe(false);
  });
});
