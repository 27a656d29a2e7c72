// Paying to post (issue 13): the shipper posts a draft, pays on the Stripe stand-in's hosted page, comes back to
// "payment received, posting…" and sees the shipment become Posted without a reload when the verified webhook lands;
// a declined card and an abandoned checkout leave a labelled draft; cancelling refunds the card in full.
import type { Page } from "@playwright/test";

import { CARDS, payOnCheckout, stripeWebhooks } from "./checkout";
import { expect, makeShipment, test } from "./fixtures";

const keptMarker = (page: Page) => page.evaluate(() => Reflect.get(window, "__payMarker") as unknown);

test("a paid draft becomes Posted live when the webhook arrives; cancelling refunds it", async ({
  pageAs,
  shipper,
}) => {
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "DRAFT" });
  const page = await pageAs(shipper);
  await page.goto(`/shipper/${shipment.id}`);
  await expect(page.getByText("No payment yet.", { exact: false })).toBeVisible();

  await stripeWebhooks("hold", shipment.id);
  await page.getByRole("button", { name: "Post to load board", exact: true }).click();
  await payOnCheckout(page);
  await page.waitForURL(/\?checkout=success/);
  await expect(page.getByText("Payment received, posting…")).toBeVisible();
  await expect(page.locator("h1 + p").getByText("Draft", { exact: true })).toBeVisible();

  await page.evaluate(() => Object.assign(window, { __payMarker: "kept" }));
  await stripeWebhooks("release", shipment.id);
  await expect(page.getByText("Payment received. Your shipment is on the load board.")).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.locator("h1 + p").getByText("Posted", { exact: true })).toBeVisible();
  await expect(page.getByTestId("payment-status")).toHaveText("Paid");
  expect(await keptMarker(page)).toBe("kept");

  await page.getByRole("button", { name: "Cancel shipment", exact: true }).click();
  // What the card gets back is said before confirming: in full, as no driver has accepted.
  await expect(page.getByTestId("cancel-refund-note")).toHaveText(
    /^You will be refunded \$[\d,]+\.\d\d to your card, in full\.$/,
  );
  await page.getByLabel("Reason", { exact: true }).fill("The customer postponed the order");
  await page.getByRole("button", { name: "Cancel shipment", exact: true }).click();
  await expect(page.getByText("Shipment cancelled.")).toBeVisible();
  // Queued in the cancel's transaction, sent by an Inngest function, shown live.
  await expect(page.getByText("Refunded to the card", { exact: true })).toBeVisible({ timeout: 30_000 });
});

test("a declined card, then leaving checkout, keeps an unpaid draft", async ({ pageAs, shipper }) => {
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "DRAFT" });
  const page = await pageAs(shipper);
  await page.goto(`/shipper/${shipment.id}`);
  await page.getByRole("button", { name: "Post to load board", exact: true }).click();
  await payOnCheckout(page, CARDS.declined);
  await expect(page.getByRole("alert")).toHaveText("Your card was declined.");
  await page.getByRole("link", { name: "Back to the shop, do not pay" }).click();
  await page.waitForURL(/\?checkout=cancelled/);
  await expect(page.getByText("Checkout cancelled: nothing was charged.", { exact: false })).toBeVisible();
  await expect(page.locator("h1 + p").getByText("Draft", { exact: true })).toBeVisible();
  await expect(page.getByTestId("payment-status")).toHaveText("Awaiting payment");
  await expect(page.getByRole("link", { name: "Return to checkout to pay" })).toBeVisible();
});
