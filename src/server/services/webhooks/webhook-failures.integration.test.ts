// A Stripe webhook our handler keeps failing on reaches the operations exceptions queue (issue 14 §1): each failed
// delivery of a verified event is counted, the third makes it an exception, a later successful delivery of the
// same event clears it, and a forged delivery counts nothing.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signatureHeader, startStripeStandIn, type StripeStandIn } from "../../../../devstack/stripe";
import { signedIn } from "../../../../scripts/test/helpers";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { stripeEventHandlers } from "~/server/services/payments/handle-stripe-webhook";
import { answerStripeWebhook, WEBHOOK_FAILING_ATTEMPTS, webhookFailureId } from "./webhook-failures";

let standIn: StripeStandIn;
let config: TStripeConfig;

beforeAll(async () => {
  standIn = await startStripeStandIn({ webhookUrl: "http://127.0.0.1:9/unused" });
  config = {
    secretKey: standIn.secretKey,
    webhookSecret: standIn.webhookSecret,
    host: standIn.host,
    port: standIn.port,
    protocol: "http",
  };
});

afterAll(async () => {
  await standIn.close();
});

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

/** Runs `fn` with the checkout.session.completed handler replaced by `handler`, then puts the real one back. */
async function withHandler<T>(handler: () => Promise<string | null>, fn: () => Promise<T>): Promise<T> {
  const real = stripeEventHandlers["checkout.session.completed"];
  stripeEventHandlers["checkout.session.completed"] = handler;
  try {
    return await fn();
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

describe("a webhook that keeps failing", () => {
  it("is counted per failed delivery, listed from the third with its error, and cleared when a retry succeeds", async () => {
    const eventId = `evt_${randomBytes(12).toString("hex")}`;
    const id = webhookFailureId("stripe", eventId);
    await withHandler(failing, async () => {
      for (let i = 1; i <= WEBHOOK_FAILING_ATTEMPTS; i++) {
        await expect(answerStripeWebhook(delivery(eventId, "checkout.session.completed"))).rejects.toThrow(
          /row locked/,
        );
        const row = await db.webhookFailure.findUniqueOrThrow({ where: { id } });
        expect(row).toMatchObject({ attempts: i, resolvedAt: null, eventType: "checkout.session.completed" });
        const { items } = await openWebhookExceptions();
        expect(items.some((x) => x.subjectId === id)).toBe(i >= WEBHOOK_FAILING_ATTEMPTS);
      }
    });
    // Nothing was applied: the event id was not recorded as processed, so Stripe's next retry runs the handler.
    expect(await db.stripeEvent.findUnique({ where: { id: eventId } })).toBeNull();
    const { items } = await openWebhookExceptions();
    const item = items.find((x) => x.subjectId === id)!;
    expect(item.label).toMatch(/^Webhook failing/);
    expect(item.detail).toContain(`stripe checkout.session.completed ${eventId}, 3 failed deliveries`);
    expect(item.detail).toContain("row locked");

    // The fourth delivery succeeds: processed once, the failure resolved, the exception gone.
    const ok = await withHandler(
      () => Promise.resolve(null),
      () => answerStripeWebhook(delivery(eventId, "checkout.session.completed")),
    );
    expect(ok).toEqual({ status: 200, body: { received: true } });
    expect((await db.webhookFailure.findUniqueOrThrow({ where: { id } })).resolvedAt).not.toBeNull();
    expect((await openWebhookExceptions()).items.some((x) => x.subjectId === id)).toBe(false);
  });

  it("counts concurrent failed deliveries of one event each", async () => {
    const eventId = `evt_${randomBytes(12).toString("hex")}`;
    await withHandler(failing, () =>
      Promise.allSettled(
        Array.from({ length: 5 }, () => answerStripeWebhook(delivery(eventId, "checkout.session.completed"))),
      ),
    );
    const row = await db.webhookFailure.findUniqueOrThrow({ where: { id: webhookFailureId("stripe", eventId) } });
    expect(row.attempts).toBe(5);
  });

  it("counts nothing for a delivery with a forged signature, and can be resolved by an admin with a reason", async () => {
    const forgedId = `evt_${randomBytes(12).toString("hex")}`;
    const forged = await withHandler(failing, () =>
      answerStripeWebhook(delivery(forgedId, "checkout.session.completed", "whsec_not_the_secret")),
    );
    expect(forged.status).toBe(400);
    expect(await db.webhookFailure.findUnique({ where: { id: webhookFailureId("stripe", forgedId) } })).toBeNull();

    const eventId = `evt_${randomBytes(12).toString("hex")}`;
    const id = webhookFailureId("stripe", eventId);
    await withHandler(failing, async () => {
      for (let i = 0; i < WEBHOOK_FAILING_ATTEMPTS; i++) {
        await answerStripeWebhook(delivery(eventId, "checkout.session.completed")).catch(() => undefined);
      }
    });
    const { admin } = await openWebhookExceptions();
    await admin.caller.adminOps.resolveException({
      kind: "WEBHOOK_FAILING",
      subjectId: id,
      reason: "Replayed the checkout by hand",
    });
    expect((await openWebhookExceptions()).items.some((x) => x.subjectId === id)).toBe(false);
  });
});
