// Numbered shipment invoices against a real PostgreSQL and the Stripe stand-in: one invoice per paid payment,
// issued by the verified webhook in the paying transaction (replays issue none), numbers without gaps or repeats
// under concurrent payments and rollbacks, a new sequence each UTC year, the billing list, and the PDF (parsed
// back to text) for the shipper and admins only.
import { createRequire } from "node:module";
import { createServer } from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signatureHeader, startStripeStandIn, TEST_CARDS, type StripeStandIn } from "../../../../devstack/stripe";
import { createShipment, createUser, validShipmentInput } from "../../../../prisma/factories";
import { sessionFor } from "../../../../scripts/test/helpers";
import { settleInngest } from "../../../../scripts/test/inngest";
import { stripeForInngestFunctions } from "../../../../scripts/test/stripe";
import { GET as invoicePdf } from "~/app/api/invoices/[id]/pdf/route";
import { env } from "~/env";
import type { Role } from "~/generated/prisma/enums";
import { formatMoney } from "~/lib/money";
import { createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { db } from "~/server/db";
import type { TStripeConfig } from "~/server/integrations/stripe/client";
import { handleStripeWebhook } from "../payments/handle-stripe-webhook";
import { refundPayment } from "../payments/refund-payment";
import { INVOICE_TAX_NOTE } from "./invoice-terms";
import { issueShipmentInvoiceInTx } from "./issue-shipment-invoice";

let standIn: StripeStandIn;
let config: TStripeConfig;
let stripe: Stripe;
let closeHook: () => Promise<void>;
let restoreStripe: () => void;

beforeAll(async () => {
  // The app's webhook route in miniature, as in payments.integration.test.ts.
  const hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handleStripeWebhook({
        payload: Buffer.concat(chunks).toString("utf8"),
        signature: (req.headers["stripe-signature"] as string | undefined) ?? null,
        stripe: config,
      }).then(
        (r) => res.writeHead(r.status, { "content-type": "application/json" }).end(JSON.stringify(r.body)),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
  closeHook = () => new Promise<void>((r) => hook.close(() => r()));
  standIn = await startStripeStandIn({
    webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/api/webhooks/stripe`,
    retryDelaysMs: [100, 200, 400],
  });
  config = {
    secretKey: standIn.secretKey,
    webhookSecret: standIn.webhookSecret,
    host: standIn.host,
    port: standIn.port,
    protocol: "http",
  };
  restoreStripe = stripeForInngestFunctions(config);
  stripe = new Stripe(standIn.secretKey, { host: standIn.host, port: standIn.port, protocol: "http" });
});

afterAll(async () => {
  restoreStripe();
  await standIn.close();
  await closeHook();
});

async function asUser(role: Role) {
  const user = await createUser(db, { role });
  const session = await sessionFor(user.id);
  const cookie = `${SESSION_COOKIE_NAME}=${await encodeJwt({
    token: { sid: session.id, sub: user.id, role },
    secret: env.AUTH_SECRET,
  })}`;
  return { user, cookie, caller: createCaller(createInnerTRPCContext({ session, stripe: config })) };
}

async function until<T>(fn: () => Promise<T | null | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A shipper pays for a new shipment on the stand-in's hosted page; resolves once its invoice exists. */
async function paidThroughCheckout(shipper?: Awaited<ReturnType<typeof asUser>>) {
  const s = shipper ?? (await asUser("SHIPPER"));
  const created = await s.caller.shipment.create({ shipment: validShipmentInput(), post: true });
  const res = await fetch(created.checkoutUrl!, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card: TEST_CARDS.succeeds, exp: "12 / 40", cvc: "123" }).toString(),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  const payment = await until(() =>
    db.payment.findFirst({ where: { shipmentId: created.id, status: "SUCCEEDED" }, include: { invoice: true } }),
  );
  return { ...s, shipmentId: created.id, payment, invoice: payment.invoice! };
}

/** A signed event as Stripe would deliver it. */
function signed(event: Record<string, unknown>) {
  const payload = JSON.stringify({
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    ...event,
  });
  return { payload, signature: signatureHeader(payload, standIn.webhookSecret), stripe: config };
}

/** A draft with a pending payment row and its Checkout Session id, as posting it leaves them. */
async function draftAwaitingPayment(shipperId: string, tag: string) {
  const { shipment } = await createShipment(db, { shipperId });
  const payment = await db.payment.create({
    data: {
      shipmentId: shipment.id,
      payerId: shipperId,
      amountCents: shipment.priceCents,
      currency: shipment.currency,
      stripeCheckoutSessionId: `cs_test_${tag}_${shipment.id}`,
    },
  });
  return { shipment, payment };
}

function completedEvent(p: { id: string; amountCents: number; stripeCheckoutSessionId: string | null }) {
  return signed({
    id: `evt_inv_${p.id}`,
    type: "checkout.session.completed",
    data: {
      object: {
        id: p.stripeCheckoutSessionId,
        object: "checkout.session",
        status: "complete",
        payment_status: "paid",
        amount_total: p.amountCents,
        currency: "usd",
        client_reference_id: p.id,
        metadata: { paymentId: p.id },
        payment_intent: `pi_test_${p.id}`,
      },
    },
  });
}

/** The invariant over the whole table: a year's sequence numbers are exactly 1..count, and its counter is count. */
async function assertGapless(year: number) {
  const [rows, counter] = await db.$transaction([
    db.invoice.findMany({ where: { numberYear: year }, select: { numberSeq: true }, orderBy: { numberSeq: "asc" } }),
    db.invoiceCounter.findUnique({ where: { year } }),
  ]);
  expect(rows.map((r) => r.numberSeq)).toEqual(rows.map((_, i) => i + 1));
  expect(counter?.lastNumber ?? 0).toBe(rows.length);
}

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    standardFontDataUrl: STANDARD_FONTS,
  }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ("str" in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join("\n");
}

// pdf.js reads the standard fonts' metrics from its own package (only to lay text out; the text is in the PDF).
const STANDARD_FONTS = `${path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"))}/standard_fonts/`;

const getPdf = (invoiceId: string, cookie?: string) =>
  invoicePdf(
    new Request(`http://localhost:3000/api/invoices/${invoiceId}/pdf`, { headers: cookie ? { cookie } : {} }),
    { params: Promise.resolve({ id: invoiceId }) },
  );

describe("a paid shipment gets one numbered invoice", () => {
  it("issued by the verified webhook with the payment, numbered TT-<UTC year>-<6 digits>; replays issue none", async () => {
    const { payment, invoice, user } = await paidThroughCheckout();
    const year = new Date().getUTCFullYear();
    expect(invoice.number).toMatch(new RegExp(`^TT-${year}-\\d{6}$`));
    expect(invoice).toMatchObject({
      userId: user.id,
      numberYear: year,
      numberSeq: Number(invoice.number.slice(-6)),
      amountCents: payment.amountCents,
      status: "PAID",
      taxCents: 0,
      taxNote: INVOICE_TAX_NOTE,
    });
    expect(invoice.freightCents + invoice.feeCents + invoice.taxCents).toBe(invoice.amountCents);
    const shipment = await db.shipment.findUniqueOrThrow({ where: { id: payment.shipmentId } });
    expect(invoice.feeCents).toBe(shipment.platformFeeCents);
    expect(invoice.issuedAt).toEqual(payment.paidAt);

    // Every event Stripe sent for this payment, delivered again: acknowledged as duplicates, no second invoice.
    await standIn.delivery.idle();
    await settleInngest();
    const sent = standIn.store.events.filter(
      (e) => (e.data.object as { metadata?: { paymentId?: string } }).metadata?.paymentId === payment.id,
    );
    expect(sent.map((e) => e.type)).toEqual(
      expect.arrayContaining(["checkout.session.completed", "payment_intent.succeeded"]),
    );
    for (const e of sent) {
      const payload = JSON.stringify(e);
      const r = await handleStripeWebhook({
        payload,
        signature: signatureHeader(payload, standIn.webhookSecret),
        stripe: config,
      });
      expect(r).toEqual({ status: 200, body: { received: true, duplicate: true } });
    }
    await settleInngest();
    // The other proof of the same payment under a new event id is not a duplicate event, but still no new invoice.
    const session = await stripe.checkout.sessions.retrieve(payment.stripeCheckoutSessionId!);
    const again = await handleStripeWebhook(
      signed({ id: `evt_again_${payment.id}`, type: "checkout.session.completed", data: { object: session } }),
    );
    expect(again).toEqual({ status: 200, body: { received: true } });
    await settleInngest();
    expect(await db.invoice.findMany({ where: { paymentId: payment.id } })).toEqual([invoice]);
    await assertGapless(year);
  });

  it("20 concurrent paid webhooks issue 20 distinct numbers and leave no gap", async () => {
    const shipper = await createUser(db, { role: "SHIPPER" });
    const drafts = await Promise.all(Array.from({ length: 20 }, (_, i) => draftAwaitingPayment(shipper.id, `c${i}`)));
    const deliveries = drafts.map((d) => completedEvent(d.payment));
    // As many at once as the app's connection pool holds (20): more would queue for a connection, not a number.
    const results = await Promise.all(deliveries.map((d) => handleStripeWebhook(d)));
    expect(results).toEqual(deliveries.map(() => ({ status: 200, body: { received: true } })));
    const replays = await Promise.all(deliveries.slice(0, 5).map((d) => handleStripeWebhook(d)));
    expect(replays.every((r) => r.status === 200 && r.body.duplicate)).toBe(true);
    await settleInngest();
    const invoices = await db.invoice.findMany({ where: { paymentId: { in: drafts.map((d) => d.payment.id) } } });
    expect(invoices).toHaveLength(20);
    expect(new Set(invoices.map((i) => i.number)).size).toBe(20);
    for (const d of drafts) {
      expect((await db.shipment.findUniqueOrThrow({ where: { id: d.shipment.id } })).status).toBe("POSTED");
    }
    await assertGapless(new Date().getUTCFullYear());
  });
});

describe("numbering, year by year (UTC)", () => {
  /** N payments in a year no other test uses, so this year's numbers are ours alone. */
  async function payments(n: number, tag: string) {
    const shipper = await createUser(db, { role: "SHIPPER" });
    return Promise.all(Array.from({ length: n }, (_, i) => draftAwaitingPayment(shipper.id, `${tag}${i}`)));
  }

  it("N concurrent issues, one of them rolled back, number exactly 1..N; the rolled-back number is reused", async () => {
    const at = new Date("2091-06-15T12:00:00Z");
    const ps = await payments(13, "y");
    const outcomes = await Promise.allSettled(
      ps.map((p, i) =>
        db.$transaction(async (tx) => {
          const invoice = await issueShipmentInvoiceInTx(tx, { paymentId: p.payment.id, at });
          // The payment's transaction fails after the number was taken: the number must go back.
          if (i === 6) throw new Error("rolled back");
          return invoice;
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    const numbers = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.number] : [])).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `TT-2091-${String(i + 1).padStart(6, "0")}`));
    await assertGapless(2091);
    // Issuing for a payment that has its invoice returns it and takes no number.
    const first = ps[0]!.payment.id;
    const again = await db.$transaction((tx) => issueShipmentInvoiceInTx(tx, { paymentId: first, at }));
    expect(again.number).toBe((await db.invoice.findUniqueOrThrow({ where: { paymentId: first } })).number);
    expect((await db.invoiceCounter.findUniqueOrThrow({ where: { year: 2091 } })).lastNumber).toBe(12);
  });

  it("the last instant of a UTC year continues its sequence; the first of the next starts at 000001", async () => {
    const [a, b, c] = await payments(3, "r");
    const issue = (paymentId: string, iso: string) =>
      db.$transaction((tx) => issueShipmentInvoiceInTx(tx, { paymentId, at: new Date(iso) }));
    expect((await issue(a!.payment.id, "2095-12-31T23:59:59.999Z")).number).toBe("TT-2095-000001");
    // 2096-01-01 00:00 UTC is still 2095 in New York: the year is UTC's.
    expect((await issue(b!.payment.id, "2096-01-01T00:00:00.000Z")).number).toBe("TT-2096-000001");
    expect((await issue(c!.payment.id, "2096-01-01T04:59:00.000Z")).number).toBe("TT-2096-000002");
    await assertGapless(2095);
    await assertGapless(2096);
  });
});

describe("the billing list and the PDF", () => {
  it("lists only the caller's invoices, newest first, in keyset pages; empty for a new shipper; drivers refused", async () => {
    const shipper = await asUser("SHIPPER");
    expect(await shipper.caller.invoice.list({})).toEqual({ items: [], nextCursor: null });
    const first = await paidThroughCheckout(shipper);
    const second = await paidThroughCheckout(shipper);
    await paidThroughCheckout(); // someone else's
    const page1 = await shipper.caller.invoice.list({ limit: 1 });
    expect(page1.items.map((i) => i.number)).toEqual([second.invoice.number]);
    expect(page1.items[0]).toMatchObject({
      shipmentId: second.shipmentId,
      totalCents: second.payment.amountCents,
      currency: "USD",
      refund: { kind: "none" },
    });
    const page2 = await shipper.caller.invoice.list({ limit: 1, cursor: page1.nextCursor });
    expect(page2.items.map((i) => i.number)).toEqual([first.invoice.number]);
    expect(page2.nextCursor).toBeNull();
    await expect(shipper.caller.invoice.list({ cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const driver = await asUser("DRIVER");
    await expect(driver.caller.invoice.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("the PDF carries the number, date with zone, both parties, lines, tax note and totals; others get 404", async () => {
    const { invoice, cookie, user, payment } = await paidThroughCheckout();
    const res = await getPdf(invoice.id, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${invoice.number}.pdf"`);
    const text = await pdfText(await res.arrayBuffer());
    const shipment = await db.shipment.findUniqueOrThrow({ where: { id: payment.shipmentId } });
    for (const expected of [
      `Invoice number: ${invoice.number}`,
      "UTC",
      "Trial Transport, Inc.",
      user.name,
      user.email,
      `Shipment ${shipment.reference}`,
      formatMoney(invoice.freightCents),
      formatMoney(invoice.feeCents),
      "Tax (0.00 %)",
      INVOICE_TAX_NOTE,
      "Total",
      formatMoney(invoice.amountCents),
    ]) {
      expect(text).toContain(expected);
    }

    const admin = await asUser("ADMIN");
    expect((await getPdf(invoice.id, admin.cookie)).status).toBe(200);
    const otherShipper = await asUser("SHIPPER");
    const driver = await asUser("DRIVER");
    for (const r of [
      await getPdf(invoice.id, otherShipper.cookie),
      await getPdf(invoice.id, driver.cookie),
      await getPdf(invoice.id),
      await getPdf("no-such-invoice", cookie),
    ]) {
      expect(r.status).toBe(404);
      expect(r.headers.get("content-type")).toBeNull();
    }
  });

  it("a refund shows as a credit line on the PDF and as the invoice's state in the list", async () => {
    const { caller, cookie, invoice, shipmentId, payment } = await paidThroughCheckout();
    await caller.shipment.cancel({ id: shipmentId, reason: "Plans changed" });
    // Owed by the cancel's transaction; the queued refund-payment function may already have sent it (each stage's
    // state is pinned in refund-state.test.ts).
    expect([
      { kind: "pending", dueCents: payment.amountCents },
      { kind: "refunded", refundedCents: payment.amountCents, full: true },
    ]).toContainEqual((await caller.invoice.list({})).items[0]?.refund);
    expect(await refundPayment({ paymentId: payment.id, stripe: config })).toBe("SUCCEEDED");
    // charge.refunded, delivered by webhook, records Stripe's refunded total.
    await until(async () =>
      (await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedCents > 0 ? true : null,
    );
    const [item] = (await caller.invoice.list({})).items;
    expect(item).toMatchObject({
      number: invoice.number,
      refund: { kind: "refunded", refundedCents: payment.amountCents, full: true },
    });
    const text = await pdfText(await (await getPdf(invoice.id, cookie)).arrayBuffer());
    expect(text).toContain("Status: Paid, refunded");
    expect(text).toContain("Credit: refunded to card");
    expect(text).toContain(`Net paid`);
    expect(text).toContain(formatMoney(0));
  });
});
