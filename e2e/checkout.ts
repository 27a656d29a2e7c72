// Paying on the Stripe stand-in's hosted Checkout page (devstack/stripe), as a shipper does after "Post shipment":
// the card form, then back to the shipment's page, where the verified webhook posts it.
import { expect, type Page } from "@playwright/test";

/** Stripe's test cards the stand-in's page understands. */
export const CARDS = { succeeds: "4242 4242 4242 4242", declined: "4000 0000 0000 0002" } as const;

/** Fills and submits the hosted page's card form (the page must be on its way to, or at, /c/pay/cs_…). */
export async function payOnCheckout(page: Page, card: string = CARDS.succeeds): Promise<void> {
  await page.waitForURL(/\/c\/pay\/cs_test_/);
  await page.getByLabel("Card number", { exact: true }).fill(card);
  await page.getByLabel("Expiry (MM / YY)", { exact: true }).fill("12 / 40");
  await page.getByLabel("CVC", { exact: true }).fill("123");
  await page.getByRole("button", { name: /^Pay \$/ }).click();
}

/** Pays with a succeeding card and waits until the shipment's page says it is on the load board. */
export async function payAndWaitUntilPosted(page: Page): Promise<void> {
  await payOnCheckout(page);
  await page.waitForURL(/\/shipper\/[^/?]+\?checkout=success/);
  await expect(page.getByText("Payment received. Your shipment is on the load board.")).toBeVisible({
    timeout: 30_000,
  });
}

/** Holds back (or releases) the stand-in's webhooks for one shipment: a page can then be seen before it is posted. */
export async function stripeWebhooks(action: "hold" | "release", shipmentId: string): Promise<void> {
  const { STRIPE_API_HOST: host, STRIPE_API_PORT: port } = process.env;
  if (!host || !port) throw new Error("STRIPE_API_HOST/PORT are not set: run through npm run test:e2e");
  const res = await fetch(
    `http://${host}:${port}/__control/webhooks/${action}?metadata=${encodeURIComponent(shipmentId)}`,
    {
      method: "POST",
    },
  );
  if (!res.ok) throw new Error(`stripe stand-in ${action}: HTTP ${res.status}`);
}
