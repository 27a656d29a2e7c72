// Correctly signed Stripe events naming objects Stripe says do not exist (issue 13 review): applying one ends
// without a retry, the event marked applied with nothing done, and it is not counted as a failing webhook.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startStripeStandIn, type StripeStandIn } from "../../../../devstack/stripe";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { applyStripeEventCounted, webhookFailureId } from "../webhooks/webhook-failures";

let standIn: StripeStandIn;
let config: TStripeConfig;

beforeAll(async () => {
  standIn = await startStripeStandIn();
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

/** Records a verified event of `type` about `object`, as handleStripeWebhook does; returns its id. */
async function recorded(type: string, object: Record<string, string | number | boolean>) {
  const id = `evt_missing_${type.replace(/\W/g, "_")}_${Math.random().toString(36).slice(2, 10)}`;
  const payload = {
    id,
    object: "event",
    type,
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
  await db.stripeEvent.create({ data: { id, type, payload } });
  return id;
}

describe("events naming objects Stripe does not have", () => {
  it.each([
    ["customer.subscription.updated", { id: "sub_nope", object: "subscription", status: "active" }],
    ["account.updated", { id: "acct_nope", object: "account", payouts_enabled: true }],
  ])("%s ends at once, applied with nothing done, never counted as failing", async (type, object) => {
    const id = await recorded(type, object);
    const outcome = await applyStripeEventCounted({ stripeEventId: id, stripe: config });
    expect(outcome).toMatchObject({ applied: false, reason: "object missing" });
    expect((outcome as { detail: string }).detail).toMatch(
      /^Nothing to do: Stripe has no such object \(.*(No such|does not exist)/,
    );
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id } })).appliedAt).toBeInstanceOf(Date);
    expect(await db.webhookFailure.findUnique({ where: { id: webhookFailureId("stripe", id) } })).toBeNull();
    // A second delivery of the run finds it applied.
    expect(await applyStripeEventCounted({ stripeEventId: id, stripe: config })).toEqual({
      applied: false,
      reason: "already applied",
    });
  });

  it("charge.refunded for an unknown charge is applied with nothing to change", async () => {
    const id = await recorded("charge.refunded", {
      id: "ch_nope",
      object: "charge",
      payment_intent: "pi_nope",
      amount: 1000,
      amount_refunded: 1000,
    });
    await expect(applyStripeEventCounted({ stripeEventId: id, stripe: config })).resolves.toBeDefined();
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id } })).appliedAt).toBeInstanceOf(Date);
    expect(await db.webhookFailure.findUnique({ where: { id: webhookFailureId("stripe", id) } })).toBeNull();
  });

  it("still fails (and counts) an event whose Stripe call fails for another reason", async () => {
    const id = await recorded("account.updated", { id: "acct_nope", object: "account" });
    const wrongKey = { ...config, secretKey: "sk_test_wrong" };
    await expect(applyStripeEventCounted({ stripeEventId: id, stripe: wrongKey })).rejects.toThrow();
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id } })).appliedAt).toBeNull();
    expect(await db.webhookFailure.findUnique({ where: { id: webhookFailureId("stripe", id) } })).toMatchObject({
      attempts: 1,
    });
  });
});
