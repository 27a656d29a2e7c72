// Shipper plans (issue 13 §2): a shipper upgrades to Pro on the Stripe stand-in's hosted checkout, comes back to
// "activating your plan…" and sees Pro go live without a reload when the verified webhooks land, finds the plan's
// invoice with its hosted link, then opens Manage billing (the stand-in's Billing Portal) and cancels at period end.
import { expect, test } from "./fixtures";
import { CARDS, stripeWebhooks } from "./checkout";

test("a shipper upgrades to Pro through Checkout, sees it go live, and manages it in the Billing Portal", async ({
  pageAs,
  shipper,
}) => {
  const page = await pageAs(shipper);
  await page.goto("/shipper/billing");
  const plan = page.getByTestId("current-plan");
  await expect(plan).toContainText("Current plan: Free");
  await expect(page.getByRole("button", { name: "Manage billing" })).toHaveCount(0);

  // The subscription's events carry the shipper's id in their metadata: held until the page is seen waiting.
  await stripeWebhooks("hold", shipper.id);
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await page.waitForURL(/\/c\/pay\/cs_test_/);
  await expect(page.getByText("Trial Transport Pro")).toBeVisible();
  await page.getByLabel("Card number", { exact: true }).fill(CARDS.succeeds);
  await page.getByLabel("Expiry (MM / YY)", { exact: true }).fill("12 / 40");
  await page.getByLabel("CVC", { exact: true }).fill("123");
  await page.getByRole("button", { name: /^Pay \$49\.00/ }).click();

  await page.waitForURL(/\/shipper\/billing\?checkout=success/);
  await expect(page.getByText("Payment received, activating your plan…")).toBeVisible();
  await expect(plan).toContainText("Current plan: Free");
  await stripeWebhooks("release", shipper.id);
  await expect(plan).toContainText("Current plan: Pro", { timeout: 30_000 });
  await expect(plan).toContainText("50 shipments a month, 12 % platform fee");
  await expect(page.getByText("Payment received, activating your plan…")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Upgrade to Pro" })).toHaveCount(0);

  const invoices = page.getByRole("region", { name: "Plan invoices" });
  await expect(invoices.getByText("$49.00")).toBeVisible({ timeout: 15_000 });
  await expect(invoices.getByText("Paid", { exact: true })).toBeVisible();
  await expect(invoices.getByRole("link", { name: /View invoice/ })).toHaveAttribute("href", /\/i\/in_/);

  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.waitForURL(/\/p\/session\/bps_/);
  await expect(page.getByRole("heading", { name: "Manage billing" })).toBeVisible();
  await expect(page.getByTestId("card-on-file")).toHaveText(/Visa ending in 4242/);
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.getByText("Your plan will be canceled at the end of the period.")).toBeVisible();
  await page.getByRole("link", { name: "Return to the shop" }).click();
  await page.waitForURL(/\/shipper\/billing$/);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("current-plan")).toContainText("Cancels at period end", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("current-plan")).toContainText("Current plan: Pro");
});
