// An admin reassigns an ASSIGNED load: the driver picker offers only drivers whose vehicle fits, found by name,
// and the reason lands in the shipment's timeline.
import AxeBuilder from "@axe-core/playwright";

import { db, expect, makeShipment, makeUser, test } from "./fixtures";

test("an admin reassigns a load to a driver found by name, with the reason in the timeline", async ({
  pageAs,
  admin,
  shipper,
}) => {
  // Names carry a tag so the search finds this test's drivers only.
  const tag = Math.random().toString(36).slice(2, 8);
  const current = await makeUser({ role: "DRIVER", name: `Dana Driver ${tag}`, driver: { vehicleType: "BOX_TRUCK" } });
  await makeUser({ role: "DRIVER", name: `Casey Semi ${tag}`, driver: { vehicleType: "SEMI", capacityKg: 20_000 } });
  await makeUser({ role: "DRIVER", name: `Morgan Vance ${tag}`, driver: { vehicleType: "VAN", capacityKg: 1_500 } });
  const { shipment } = await makeShipment({
    shipperId: shipper.id,
    driverId: current.id,
    status: "ASSIGNED",
    from: "chicago",
    to: "stLouis",
    vehicleType: "BOX_TRUCK",
  });

  const page = await pageAs(admin);
  await page.goto(`/admin/shipments/${shipment.id}`);
  await expect(page.getByText(current.name).first()).toBeVisible();

  await page.getByRole("button", { name: "Reassign", exact: true }).click();
  const picker = page.getByLabel("Driver", { exact: true });
  await page.getByLabel("Find a driver").fill(tag);
  // A semi can carry it; a cargo van cannot, and the current driver is not offered.
  await expect(picker.locator("option", { hasText: `Casey Semi ${tag}` })).toHaveCount(1);
  await expect(picker.locator("option", { hasText: `Morgan Vance ${tag}` })).toHaveCount(0);
  await expect(picker.locator("option", { hasText: current.name })).toHaveCount(0);

  // The open form (search, picker, reason) meets the same WCAG 2.1 AA rules as every page.
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await page.getByLabel("Find a driver").fill("nobody-by-this-name");
  await expect(picker.locator("option", { hasText: "No fitting driver matches" })).toHaveCount(1);
  await page.getByLabel("Find a driver").fill(`casey semi ${tag}`);
  const casey = picker.locator("option", { hasText: `Casey Semi ${tag}` });
  await expect(casey).toHaveCount(1);
  await picker.selectOption((await casey.getAttribute("value")) ?? "");
  await page.getByLabel("Reason", { exact: true }).fill("Dana is off sick today");
  await page.getByRole("button", { name: "Reassign", exact: true }).click();

  await expect(page.getByText(`Shipment reassigned to Casey Semi ${tag}.`)).toBeVisible();
  await expect(page.getByText("Dana is off sick today")).toBeVisible();
});

// Issue 14 §1: a delivery code locks after five wrong tries, the exception appears in the admin's queue, the admin
// unlocks the code with a reason from the shipment page, and the driver can then enter the right code.
test("a locked delivery code shows in the exceptions queue; the admin unlocks it and the driver delivers", async ({
  pageAs,
  admin,
  shipper,
  driver,
}) => {
  // Three pages and a dozen round trips: more than the default minute on a busy machine.
  test.slow();
  const { shipment, deliveryCode } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
  });
  const wrong = deliveryCode === "000000" ? "111111" : "000000";

  const d = await pageAs(driver);
  await d.goto(`/driver/jobs/${shipment.id}`);
  const codeInput = d.getByLabel("Delivery code", { exact: true });
  await test.step("five wrong tries lock the code", async () => {
    for (let left = 4; left >= 1; left--) {
      await codeInput.fill(wrong);
      await d.getByRole("button", { name: "Delivered", exact: true }).click();
      await expect(
        d.getByText(`That code is not correct. ${left} ${left === 1 ? "try" : "tries"} left.`).first(),
      ).toBeVisible();
    }
    await codeInput.fill(wrong);
    await d.getByRole("button", { name: "Delivered", exact: true }).click();
    await expect(d.getByText("The delivery code is locked")).toBeVisible();
  });

  const a = await pageAs(admin);
  await test.step("the exception appears for the admin, with its age and a link to act", async () => {
    await a.goto("/admin");
    await a.getByRole("link", { name: "Exceptions", exact: true }).click();
    await expect(a.getByRole("heading", { level: 1, name: "Exceptions" })).toBeVisible();
    // The queue is oldest first and paged: this new row may be past the first page, so show its kind.
    await a.getByLabel("Show").selectOption("DELIVERY_CODE_LOCKED");
    await a.waitForURL("**/admin/exceptions?kind=DELIVERY_CODE_LOCKED");
    const row = a.getByRole("listitem").filter({ hasText: shipment.reference });
    await expect(row.getByText("Delivery code locked", { exact: true })).toBeVisible();
    await expect(row.getByText(/For (under a minute|\d+ min)/)).toBeVisible();
    await row.getByRole("link", { name: `Act on ${shipment.reference}` }).click();
    await a.waitForURL(`**/admin/shipments/${shipment.id}`);
  });

  await test.step("the admin unlocks it with a reason", async () => {
    await a.getByRole("button", { name: "Unlock delivery code", exact: true }).click();
    await a.getByLabel("Reason", { exact: true }).fill("Recipient read the code wrong; confirmed by phone");
    await a.getByRole("button", { name: "Unlock delivery code", exact: true }).click();
    await expect(a.getByText("Delivery code unlocked. The driver can enter it again.")).toBeVisible();
    await expect(
      a.getByText("Delivery code unlocked: Recipient read the code wrong; confirmed by phone"),
    ).toBeVisible();
    // Resolved by the unlock: the queue no longer lists it.
    await a.goto("/admin/exceptions?kind=DELIVERY_CODE_LOCKED");
    await expect(a.getByRole("listitem").filter({ hasText: shipment.reference })).toHaveCount(0);
  });

  await test.step("the driver can enter the code", async () => {
    await d.reload();
    await codeInput.fill(deliveryCode);
    await d.getByRole("button", { name: "Delivered", exact: true }).click();
    await expect(d.getByRole("heading", { level: 2, name: "Delivered" })).toBeVisible();
  });
});

test("the live map lists active shipments where their driver last was, filtered by lateness", async ({
  pageAs,
  admin,
  shipper,
  driver,
}) => {
  test.slow();
  const { shipment } = await makeShipment({ shipperId: shipper.id, driverId: driver.id, status: "IN_TRANSIT" });
  // Late: the ETA is past the drop-off window.
  await db.shipment.update({
    where: { id: shipment.id },
    data: {
      lastLat: 42.3,
      lastLng: -87.9,
      lastPositionAt: new Date(),
      etaAt: new Date(shipment.dropoffWindowEnd.getTime() + 3600_000),
    },
  });
  const page = await pageAs(admin);
  await page.goto("/admin/live");
  await expect(page.getByRole("heading", { level: 1, name: "Live map" })).toBeVisible();
  const row = page.locator(`[data-shipment-id="${shipment.id}"]`);
  await expect(row).toContainText("42.300, -87.900", { timeout: 30_000 });
  await expect(row.getByText("Late", { exact: true })).toBeVisible();
  await expect(
    page.locator(`[data-marker="late"][data-id="${shipment.id}"]`).or(page.locator('[data-marker="cluster"]')).first(),
  ).toBeVisible();
  await page.getByLabel("Lateness").selectOption("onTime");
  await expect(row).toHaveCount(0);
  await page.getByLabel("Lateness").selectOption("late");
  await expect(row).toBeVisible();
});

// Issue 14 review: the same exception resolved in two tabs is recorded once; the second tab is told, its stale row
// and open form go, and both see who resolved it and why under "Recently resolved".
test("an exception resolved in another tab leaves this tab's queue; the resolution is listed with who and why", async ({
  pageAs,
  admin,
  shipper,
}) => {
  test.slow();
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "POSTED" });
  await db.shipment.update({ where: { id: shipment.id }, data: { postedAt: new Date(Date.now() - 9 * 3600_000) } });
  const tabs = [await pageAs(admin), await pageAs(admin)] as const;
  for (const t of tabs) {
    await t.goto("/admin/exceptions?kind=LOAD_UNFILLED");
    const row = t.getByRole("listitem").filter({ hasText: shipment.reference });
    await row.getByRole("button", { name: /^Resolve/ }).click();
    await row.getByLabel("Reason", { exact: true }).fill("Price raised after a call");
  }
  const [first, second] = tabs;
  await first
    .getByRole("listitem")
    .filter({ hasText: shipment.reference })
    .getByRole("button", { name: "Resolve", exact: true })
    .click();
  await expect(first.getByRole("listitem").filter({ hasText: shipment.reference }).getByRole("button")).toHaveCount(0);
  await expect(first.getByRole("status").filter({ hasText: `on ${shipment.reference} is resolved` })).toBeVisible();

  await second
    .getByRole("listitem")
    .filter({ hasText: shipment.reference })
    .getByRole("button", { name: "Resolve", exact: true })
    .click();
  await expect(second.getByRole("status").filter({ hasText: "was no longer open" })).toBeVisible();
  const recent = second.getByRole("region", { name: "Recently resolved" });
  await expect(recent.getByRole("listitem").filter({ hasText: shipment.reference })).toContainText(
    "Price raised after a call",
  );
  expect(await db.opsExceptionResolution.count({ where: { key: `LOAD_UNFILLED:${shipment.id}` } })).toBe(1);
});
