// Every instant is shown in the viewer's zone with the zone named, and the server render and the browser agree: the
// same text on first load (once the browser has told the server its zone), after a reload and after a client-side
// navigation, with no hydration warning, whatever zone the browser is in.
import { expect, makeShipment, test } from "./fixtures";
import { openCoordinates } from "./support";

const zones = [
  { timezoneId: "America/New_York", name: /\b(EST|EDT)$/ },
  { timezoneId: "America/Los_Angeles", name: /\b(PST|PDT)$/ },
  { timezoneId: "Asia/Tokyo", name: /GMT\+9$/ },
];

test("times on the shipper's pages follow the browser's zone, named, identical after reload and navigation", async ({
  pageAs,
  shipper,
}) => {
  test.slow();
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "POSTED" });
  for (const { timezoneId, name } of zones) {
    const page = await pageAs(shipper, { timezoneId });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || /hydrat/i.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));

    await page.goto(`/shipper/${shipment.id}`);
    const created = page.getByRole("region", { name: "History" }).locator("time").first();
    await expect(created).toHaveText(name);
    const text = await created.textContent();

    await page.reload();
    // Straight from the server this time (the cookie is set): the first render already has the right zone.
    expect(await created.textContent()).toBe(text);

    await page.getByRole("link", { name: "Shipments", exact: true }).first().click();
    await page.getByRole("link", { name: shipment.reference, exact: true }).first().click();
    await expect(created).toHaveText(text!);
    expect(problems, timezoneId).toEqual([]);
    await page.context().close();
  }
});

test("a stop's window reads in the stop's own zone, named, from New York, Los Angeles and Tokyo alike", async ({
  pageAs,
  shipper,
  driver,
}) => {
  test.slow();
  const { shipment } = await makeShipment({ shipperId: shipper.id, driverId: driver.id, status: "ASSIGNED" });
  const seen = new Set<string>();
  for (const { timezoneId } of zones) {
    const page = await pageAs(driver, { timezoneId });
    await page.goto(`/driver/jobs/${shipment.id}`);
    const pickup = page.getByRole("region", { name: "Pick-up", exact: true });
    await expect(pickup).toContainText(/ (CST|CDT), Chicago time/);
    const text = await pickup.getByRole("definition").first().textContent();
    seen.add(text!);
    await page.reload();
    expect(await pickup.getByRole("definition").first().textContent()).toBe(text);
    await page.context().close();
  }
  // The dock's hours, not the viewer's: the same text in all three zones.
  expect(seen.size).toBe(1);
});

test("the shipment form takes a window in the stop's zone: the spring-forward gap is refused, the repeated hour asked", async ({
  pageAs,
  shipper,
}) => {
  const page = await pageAs(shipper, { timezoneId: "Asia/Tokyo" });
  await page.goto("/shipper/new");
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await field("Pick-up city").fill("Chicago");
  await openCoordinates(page, "pick-up");
  await field("Pick-up latitude").fill("41.8781");
  await field("Pick-up longitude").fill("-87.6298");
  await expect(page.getByText(/^Chicago time \(CST\)$/).first()).toBeVisible();

  // 14 March 2027, 2:30 AM does not exist in Chicago (clocks go from 2:00 to 3:00).
  await field("Pick-up window start").fill("2027-03-14T02:30");
  await expect(page.getByText(/That time does not exist in Chicago/)).toBeVisible();
  await expect(field("Pick-up window start")).toHaveAttribute("aria-invalid", "true");
  // The error summary gives the same reason, not the browser's "missing" (the form holds no instant for it).
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: /^Pick-up window start:/ })).toContainText(
    "That time does not exist in Chicago",
  );

  // 7 November 2027, 1:30 AM happens twice there: the form asks which, and holds nothing until answered.
  await field("Pick-up window start").fill("2027-11-07T01:30");
  await expect(page.getByText(/That time does not exist/)).toHaveCount(0);
  const which = page.getByRole("group", { name: /1:30 AM happens twice in Chicago/ });
  await expect(which).toBeVisible();
  await expect(which.getByText("Choose which one.")).toBeVisible();
  await which.getByLabel(/1:30 AM CST/).check();
  await expect(which.getByText("Choose which one.")).toHaveCount(0);
  // An ordinary time is simply taken, shown as typed (the stop's wall clock, not Tokyo's).
  await field("Pick-up window end").fill("2027-11-08T11:00");
  await expect(field("Pick-up window end")).toHaveValue("2027-11-08T11:00");
});
