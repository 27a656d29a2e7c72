// Every instant is shown in the viewer's zone with the zone named, and the server render and the browser agree: the
// same text on first load (once the browser has told the server its zone), after a reload and after a client-side
// navigation, with no hydration warning, whatever zone the browser is in.
import { expect, makeShipment, test } from "./fixtures";

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
