// The admins' payouts page (issue 13 §4): a failed payout is listed with Stripe's (or our) reason, the status filter
// narrows the list, and Retry asks for a reason, records it in the audit log and shows what happened; on a phone the
// page passes axe-core's WCAG 2.1 AA rules without console errors.
import AxeBuilder from "@axe-core/playwright";

import { db, expect, makeShipment, makeUser, test } from "./fixtures";
import { consoleErrors } from "./support";

test("an admin finds a failed payout, retries it with a reason, and sees the outcome", async ({ pageAs, admin }) => {
  test.setTimeout(120_000);
  const days = (n: number) => new Date(Date.now() - n * 24 * 3600_000);
  // A driver whose payout account Stripe no longer knows (it was deleted there): the weekly run's transfer failed.
  const driver = await makeUser({ role: "DRIVER" });
  await db.driverProfile.update({
    where: { userId: driver.id },
    data: { stripeConnectAccountId: `acct_gone${driver.id}`, payoutsEnabled: true },
  });
  const shipper = await makeUser({ role: "SHIPPER" });
  const { shipment } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "COMPLETED",
    createdAt: days(9),
  });
  const payout = await db.payout.create({
    data: {
      driverId: driver.id,
      periodStart: days(14),
      periodEnd: days(7),
      amountCents: 12_345,
      status: "FAILED",
      failureReason: "No such destination account.",
      lastAttemptAt: days(1),
      items: { create: [{ shipmentId: shipment.id, amountCents: 12_345 }] },
    },
  });

  const page = await pageAs(admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Payouts", exact: true }).first().click();
  await expect(page).toHaveURL(/\/admin\/payouts$/);
  await expect(page.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();

  await page.getByLabel("Status").selectOption("FAILED");
  await expect(page).toHaveURL(/status=FAILED/);
  const row = page.getByRole("listitem").filter({ hasText: driver.name });
  await expect(row).toContainText("$123.45");
  await expect(row).toContainText("Failed");
  await expect(row).toContainText("No such destination account.");
  await expect(row).toContainText("none yet");
  // Times carry their zone.
  await expect(row.locator("time").first()).toHaveText(/\b(UTC|GMT|[A-Z]{2,5})\b/);

  const retry = row.getByRole("button", { name: `Retry the payout to ${driver.name}` });
  await expect(async () => {
    if (await retry.isVisible()) await retry.click();
    await expect(row.getByRole("button", { name: "Retry payout" })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  // No reason, no retry.
  await row.getByRole("button", { name: "Retry payout" }).click();
  await expect(row.getByText("Give a reason (at least 3 characters).")).toBeVisible();
  await row.getByLabel("Reason").fill("Driver says the bank details are in now");
  await row.getByRole("button", { name: "Retry payout" }).click();

  // Stripe refuses the transfer again: "Failed again" with its reason, audited once.
  await expect(page.getByRole("status").filter({ hasText: "Failed again" })).toBeVisible();
  const audits = await db.auditLog.findMany({ where: { entityType: "Payout", entityId: payout.id } });
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ actorId: admin.id, action: "payout.retried" });
  expect(audits[0]!.data).toMatchObject({ reason: "Driver says the bank details are in now" });
});

test("a failed payout to a driver without a payout account cannot be retried until they set one up", async ({
  pageAs,
  admin,
}) => {
  const driver = await makeUser({ role: "DRIVER" });
  const shipper = await makeUser({ role: "SHIPPER" });
  const { shipment } = await makeShipment({ shipperId: shipper.id, driverId: driver.id, status: "COMPLETED" });
  await db.payout.create({
    data: {
      driverId: driver.id,
      periodStart: new Date(Date.now() - 14 * 24 * 3600_000),
      periodEnd: new Date(Date.now() - 7 * 24 * 3600_000),
      amountCents: 4_321,
      status: "FAILED",
      failureReason: "No payout account yet: set one up on the Earnings page to be paid.",
      lastAttemptAt: new Date(),
      items: { create: [{ shipmentId: shipment.id, amountCents: 4_321 }] },
    },
  });
  const page = await pageAs(admin);
  await page.goto("/admin/payouts?status=FAILED");
  const row = page.getByRole("listitem").filter({ hasText: driver.name });
  await expect(row.getByTestId("payout-driver-setup")).toContainText("Retry waits until Stripe can pay out to them.");
  await expect(row.getByRole("button", { name: `Retry the payout to ${driver.name}` })).toBeDisabled();
});

test("on a phone, the payouts page is accessible and logs no errors", async ({ pageAs, admin }) => {
  test.setTimeout(120_000);
  const driver = await makeUser({ role: "DRIVER" });
  await db.payout.create({
    data: {
      driverId: driver.id,
      periodStart: new Date(Date.now() - 14 * 24 * 3600_000),
      periodEnd: new Date(Date.now() - 7 * 24 * 3600_000),
      amountCents: 5_000,
      status: "FAILED",
      failureReason: "Your card was declined.",
      lastAttemptAt: new Date(),
    },
  });
  const page = await pageAs(admin, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const errors = consoleErrors(page);
  await page.goto("/admin/payouts?status=FAILED");
  await expect(page.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: driver.name })).toContainText("Your card was declined.");
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
});
