// Issue 8, section 4 (text and layout): user text wraps or is shortened everywhere, so one load with a very long
// city name cannot widen every card of the driver's load board past a 375 px phone (it made them 667 px wide and
// pushed pay and Accept off screen). Each page that shows user text is checked for sideways overflow.
import { writeFile } from "node:fs/promises";

import { expect, type Page, test } from "@playwright/test";
import { PrismaPg } from "@prisma/adapter-pg";

import { createShipment, createUser } from "../prisma/factories";
import { PrismaClient } from "../src/generated/prisma/client";
import { newToken } from "../src/server/auth/tokens";
import { signInAs } from "./support";

const PHONE = { width: 375, height: 812 };
test.use({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

const LONG_CITY = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch";
const LONG_WORD = "Supercalifragilisticexpialidocious".repeat(3);

let db: PrismaClient;
// Shipments this file made: refrigerated (only REEFER drivers see them on a board) and deleted afterwards, so other
// specs' load boards and lists never meet them.
const made: string[] = [];
async function makeShipment(opts: Omit<Parameters<typeof createShipment>[1], "vehicleType">) {
  const result = await createShipment(db, { ...opts, vehicleType: "REEFER" });
  made.push(result.shipment.id);
  return result;
}
const makeDriver = (name?: string) => createUser(db, { role: "DRIVER", name, driver: { vehicleType: "REEFER" } });

test.beforeAll(() => {
  // The factories write straight to the server's database: PGlite (no DATABASE_URL) is one process only.
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("hardening-text.spec.ts needs DATABASE_URL (a PostgreSQL database the server also uses)");
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
});
test.afterAll(async () => {
  await db.shipment.deleteMany({ where: { id: { in: made } } });
  await db.$disconnect();
});

/** Gives a factory-made shipment long user text in every field a page may show. */
async function lengthen(id: string) {
  await db.shipment.update({
    where: { id },
    data: {
      pickupCity: LONG_CITY,
      pickupAddress: `1 ${LONG_WORD} Street, ${LONG_CITY}`,
      pickupContactName: `Dock ${LONG_WORD}`,
      dropoffCity: `${LONG_CITY}-${LONG_WORD}`,
      dropoffAddress: `2 ${LONG_WORD} Road`,
      dropoffContactName: `Gate ${LONG_WORD}`,
      cargoDescription: `Pallets of ${LONG_WORD} ${LONG_WORD}`,
      recipientName: `Jordan ${LONG_WORD}`,
      recipientEmail: `${LONG_WORD.toLowerCase()}@example.test`,
    },
  });
}

/** No sideways scrolling: the page is no wider than the phone, whatever the browser's zoom-out does. */
async function expectNoOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `page ${page.url()} is ${scrollWidth}px wide`).toBeLessThanOrEqual(PHONE.width);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function expectInsideViewport(page: Page, what: string, box: { x: number; width: number } | null) {
  expect(box, `${what} has no box`).not.toBeNull();
  if (!box) return;
  expect(box.x, `${what} starts off screen`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} ends at ${box.x + box.width}px`).toBeLessThanOrEqual(PHONE.width);
  void page;
}

test("a load with a very long city keeps every load-board card, its pay and Accept on a phone", async ({ page }) => {
  const shipper = await createUser(db, { role: "SHIPPER", name: `Shipper ${LONG_WORD}` });
  const driver = await makeDriver();
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "POSTED" });
  await lengthen(shipment.id);

  await signInAs(page, driver.email);
  await expect(page).toHaveURL(/\/driver/);
  const cards = page.locator("article").filter({ has: page.getByRole("button", { name: "Accept load" }) });
  await expect(cards.filter({ hasText: shipment.reference })).toContainText(LONG_CITY);
  await expectNoOverflow(page);

  const count = await cards.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    await card.scrollIntoViewIfNeeded();
    await expectInsideViewport(page, `card ${i}`, await card.boundingBox());
    const pay = card.getByText("Your pay");
    await expect(pay).toBeVisible();
    await expectInsideViewport(page, `pay on card ${i}`, await pay.boundingBox());
    const accept = card.getByRole("button", { name: "Accept load" });
    await expect(accept).toBeVisible();
    await expectInsideViewport(page, `Accept on card ${i}`, await accept.boundingBox());
  }
});

test("long user text fits a phone on the shipper's, driver's, admin's and tracking pages", async ({ page }) => {
  const shipper = await createUser(db, { role: "SHIPPER", name: `Shipper ${LONG_WORD}` });
  const driver = await makeDriver(`Driver ${LONG_WORD}`);
  const admin = await createUser(db, { role: "ADMIN" });
  const { shipment, trackingToken } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
  });
  await lengthen(shipment.id);

  await signInAs(page, shipper.email);
  await page.goto("/shipper");
  await expect(page.getByText(LONG_CITY).filter({ visible: true }).first()).toBeVisible();
  await expectNoOverflow(page);
  await page.goto(`/shipper/${shipment.id}`);
  await expect(page.getByText(LONG_CITY).filter({ visible: true }).first()).toBeVisible();
  await expectNoOverflow(page);

  await page.context().clearCookies();
  await signInAs(page, driver.email);
  await page.goto(`/driver/jobs/${shipment.id}`);
  await expect(page.getByText(LONG_CITY).filter({ visible: true }).first()).toBeVisible();
  await expectNoOverflow(page);
  await page.goto("/driver/jobs");
  await expect(page.getByText(LONG_CITY).filter({ visible: true }).first()).toBeVisible();
  await expectNoOverflow(page);

  await page.context().clearCookies();
  await signInAs(page, admin.email);
  await page.goto("/admin/shipments");
  await expect(page.getByText(LONG_CITY).filter({ visible: true }).first()).toBeVisible();
  await expectNoOverflow(page);
  await page.goto(`/admin/shipments/${shipment.id}`);
  await expect(page.getByText(LONG_CITY).filter({ visible: true }).first()).toBeVisible();
  await expectNoOverflow(page);

  await page.context().clearCookies();
  await page.goto(`/track/${trackingToken}`);
  await expect(page.getByText(LONG_CITY).filter({ visible: true }).first()).toBeVisible();
  await expectNoOverflow(page);
});

test("an email verification link opened a second time says the email is already confirmed", async ({ page }) => {
  const user = await createUser(db, { role: "SHIPPER", verified: false });
  const { token, hash } = newToken();
  await db.verificationToken.create({
    data: { userId: user.id, purpose: "EMAIL_VERIFY", tokenHash: hash, expiresAt: new Date(Date.now() + 3600_000) },
  });
  await page.goto(`/verify?token=${token}`);
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();

  await page.goto(`/verify?token=${token}`);
  await expect(page.getByRole("heading", { name: "Your email is already confirmed" })).toBeVisible();
  await expect(page.getByText("We couldn't confirm your email")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Continue" })).toBeVisible();
});

test("the tracking link's preview image renders for a load from București and one with a very long name", async ({
  request,
}, testInfo) => {
  const shipper = await createUser(db, { role: "SHIPPER" });
  for (const [pickupCity, dropoffCity] of [
    ["București", "Brăila"],
    [LONG_CITY, `${LONG_CITY}-${LONG_WORD}`],
  ]) {
    const { shipment, trackingToken } = await makeShipment({ shipperId: shipper.id, status: "POSTED" });
    await db.shipment.update({ where: { id: shipment.id }, data: { pickupCity, dropoffCity } });
    const res = await request.get(`/track/${trackingToken}/opengraph-image`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("image/png");
    // Kept in the test's output folder for a look; the drawn text itself is asserted in src/server/og/*.test.ts.
    await writeFile(testInfo.outputPath(`preview-${shipment.id}.png`), await res.body());
  }
});
