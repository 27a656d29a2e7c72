// Driver payouts (issue 13 §4): a driver without a payout account sees what is missing, onboards on the Stripe
// stand-in's Connect page and comes back to Earnings with payouts enabled; on a phone, the loads waiting for Friday
// show quick pay's fee before anything is confirmed, and a payout lists its state and loads in USD; a cancellation
// fee (TONU) is listed as waiting, then in its payout, with its label.
import { db, expect, makeShipment, test } from "./fixtures";

test("a driver onboards through Stripe's page and then sees payouts enabled", async ({ pageAs, driver }) => {
  test.setTimeout(120_000);
  const page = await pageAs(driver);
  await page.goto("/driver/earnings");
  await expect(page.getByRole("heading", { name: "Set up payouts" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Missing for payouts" })).toContainText(
    "A Stripe payout account: set one up to be paid",
  );
  await expect(page.getByText("No payouts yet")).toBeVisible();

  // A click before React has hydrated the button does nothing: click until Stripe's page opens.
  const setUp = page.getByRole("button", { name: "Set up payouts with Stripe" });
  const stripePage = page.getByRole("heading", { name: "Set up payouts", level: 1 });
  await expect(async () => {
    if (await setUp.isVisible()) await setUp.click();
    await expect(stripePage).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  await page.getByLabel("First name").fill("Dana");
  await page.getByLabel("Last name").fill("Driver");
  await page.getByRole("button", { name: "Agree and submit" }).click();

  await page.waitForURL(/\/driver\/earnings\?onboarding=return/);
  await expect(page.getByText("Payouts enabled")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Missing for payouts" })).toHaveCount(0);
  const profile = await db.driverProfile.findUniqueOrThrow({ where: { userId: driver.id } });
  expect(profile.stripeConnectAccountId).toMatch(/^acct_/);
  expect(profile.payoutsEnabled).toBe(true);
});

test("on a phone, quick pay shows its fee before confirming, and payouts list their loads", async ({
  pageAs,
  driver,
  shipper,
}) => {
  test.setTimeout(120_000);
  const days = (n: number) => new Date(Date.now() - n * 24 * 3600_000);
  const { shipment: waiting } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "COMPLETED",
    createdAt: days(2),
  });
  const { shipment: paidLoad } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "COMPLETED",
    createdAt: days(9),
  });
  for (const s of [waiting, paidLoad]) {
    await db.proofOfDelivery.create({ data: { shipmentId: s.id, method: "CODE", deliveredAt: s.deliveredAt! } });
  }
  await db.driverProfile.update({
    where: { userId: driver.id },
    data: { stripeConnectAccountId: `acct_e2e${driver.id.slice(-10)}`, payoutsEnabled: true },
  });
  await db.payout.create({
    data: {
      driverId: driver.id,
      periodStart: days(14),
      periodEnd: days(7),
      amountCents: paidLoad.driverPayoutCents,
      status: "PAID",
      paidAt: days(1),
      items: { create: [{ shipmentId: paidLoad.id, amountCents: paidLoad.driverPayoutCents }] },
    },
  });

  const page = await pageAs(driver, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto("/driver/earnings");
  const usd = (cents: number) =>
    new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

  const payouts = page.getByRole("list", { name: "Payouts" });
  await expect(payouts).toContainText("Weekly payout");
  await expect(payouts).toContainText("Paid");
  await expect(payouts.getByRole("list", { name: "Loads in this payout" })).toContainText(paidLoad.reference);
  await expect(payouts).toContainText(usd(paidLoad.driverPayoutCents));

  const waitingList = page.getByRole("list", { name: "Loads waiting to be paid" });
  await expect(waitingList).toContainText(waiting.reference);
  const fee = Math.round((waiting.driverPayoutCents * 200) / 10_000);
  const confirm = page.getByRole("group", { name: `Quick pay ${waiting.reference}` });
  const quickPay = waitingList.getByRole("button", { name: "Quick pay" });
  await expect(async () => {
    if (await quickPay.isVisible()) await quickPay.click();
    await expect(confirm).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(confirm).toContainText(`Our quick pay fee is ${usd(fee)}`);
  await expect(
    confirm.getByRole("button", { name: `Confirm: pay me ${usd(waiting.driverPayoutCents - fee)}` }),
  ).toBeVisible();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  expect(await db.payoutItem.count({ where: { shipmentId: waiting.id } })).toBe(0);

  // Nothing overflows the phone's width.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("a cancellation fee (TONU) is listed as waiting, then in its payout, with its label", async ({
  pageAs,
  driver,
  shipper,
}) => {
  test.setTimeout(120_000);
  // As cancelShipment leaves a paid load the shipper cancelled after this driver accepted: the cancel event records
  // the fee (10 % of the price, refund-policy.ts) and the driver; the policy refund returned the rest.
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "CANCELLED" });
  const fee = Math.round(shipment.priceCents / 10);
  await db.shipment.update({ where: { id: shipment.id }, data: { driverId: driver.id } });
  await db.shipmentEvent.updateMany({
    where: { shipmentId: shipment.id, toStatus: "CANCELLED" },
    data: { data: { feeCents: fee, driverId: driver.id } },
  });
  await db.payment.create({
    data: {
      shipmentId: shipment.id,
      payerId: shipper.id,
      amountCents: shipment.priceCents,
      status: "SUCCEEDED",
      paidAt: new Date(),
      refundDueCents: shipment.priceCents - fee,
      refundedCents: shipment.priceCents - fee,
      refundStatus: "SUCCEEDED",
    },
  });
  const label = `Cancellation fee (TONU) – ${shipment.reference}`;
  const usd = (cents: number) =>
    new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

  const page = await pageAs(driver);
  await page.goto("/driver/earnings");
  const waitingList = page.getByRole("list", { name: "Loads waiting to be paid" });
  await expect(waitingList).toContainText(label);
  await expect(waitingList).toContainText(usd(fee));
  await expect(waitingList.getByRole("button", { name: "Quick pay" })).toHaveCount(0);

  // The weekly run paid it (as runWeeklyPayouts records it).
  await db.payout.create({
    data: {
      driverId: driver.id,
      periodStart: new Date(Date.now() - 7 * 24 * 3600_000),
      periodEnd: new Date(),
      amountCents: fee,
      status: "PAID",
      paidAt: new Date(),
      items: { create: [{ shipmentId: shipment.id, amountCents: fee, kind: "CANCELLATION_FEE" }] },
    },
  });
  await page.reload();
  const lines = page.getByRole("list", { name: "Payouts" }).getByRole("list", { name: "Loads in this payout" });
  await expect(lines).toContainText(label);
  await expect(lines).toContainText(usd(fee));
  await expect(page.getByText("No completed loads waiting for payment.")).toBeVisible();
});
