// Issue 10 §1: a shipper places the stops by address search (keyboard only, no coordinates typed), moves the
// pick-up pin to the dock, and the driver who accepts gets directions to that exact point with the address.
import { db, expect, test } from "./fixtures";
import { chooseAddress, localDateTime } from "./support";
import { payAndWaitUntilPosted } from "./checkout";

test("a shipment made by typing addresses and choosing suggestions; the driver's directions go to the pin", async ({
  pageAs,
  shipper,
  driver,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36).slice(-5);
  const page = await pageAs(shipper);
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await page.goto("/shipper/new");

  await test.step("pick-up: a city and state from the offline list, then the pin moved to the dock", async () => {
    await chooseAddress(page, "pick-up", "Chicago, IL", /^Chicago, IL, USA$/);
    await expect(field("Pick-up city")).toHaveValue("Chicago");
    await expect(page.getByText("Chicago time (CST)").first()).toBeVisible();
    const pin = page.getByRole("button", { name: "Pick-up pin at 41.85003, -87.65005" });
    await expect(pin).toBeVisible();
    // Shift+Arrow moves it 100 m; twice north, once east.
    await pin.focus();
    await pin.press("Shift+ArrowUp");
    await page.getByRole("button", { name: /^Pick-up pin at 41\.85093/ }).press("Shift+ArrowUp");
    await page.getByRole("button", { name: /^Pick-up pin at 41\.85183/ }).press("Shift+ArrowRight");
    await expect(page.getByRole("button", { name: /^Pick-up pin at 41\.85183, -87\.6488/ })).toBeFocused();
    // The coordinates stay an advanced field, closed until asked for.
    await expect(field("Pick-up latitude")).toBeHidden();
    await field("Pick-up address").fill(`233 S Wacker Dr, Dock 4 ${tag}`);
    await field("Pick-up window start").fill(localDateTime(1, 9));
    await field("Pick-up window end").fill(localDateTime(1, 11));
  });

  await test.step("drop-off: a ZIP code", async () => {
    await chooseAddress(page, "drop-off", "53202", /^Milwaukee, WI 53202/);
    await expect(field("Drop-off city")).toHaveValue("Milwaukee");
    await expect(page.getByRole("button", { name: /^Drop-off pin at 43\.0506\d*, -87\.8968/ })).toBeVisible();
    await field("Drop-off address").fill("700 N Art Museum Dr");
    await field("Drop-off window start").fill(localDateTime(1, 14));
    await field("Drop-off window end").fill(localDateTime(1, 18));
  });

  await field("Cargo description").fill("Four pallets of glassware");
  await field("Weight (lb)").fill("1800");
  await field("Vehicle type").selectOption("BOX_TRUCK");
  await field("Recipient name").fill(`Rowan Dock ${tag}`);
  await expect(page.getByTestId("quote-price")).toHaveText(/^\$\d/);
  // No Google key in the e2e run: the road distance is the labelled estimate, in miles for a US browser.
  await expect(page.getByTestId("quote-distance")).toHaveText(/^[\d,]+ mi$/);
  await expect(page.getByText("Road distance (estimate)")).toBeVisible();
  await expect(page.getByTestId("quote-route-note")).toContainText("Estimate: great-circle distance x 1.2");
  await page.getByRole("button", { name: "Post shipment", exact: true }).click();
  // Posting pays on Stripe Checkout (the devstack stand-in); the webhook then posts it.
  await payAndWaitUntilPosted(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^TT-[0-9A-Z]{6}$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;

  const row = await db.shipment.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({
    pickupCity: "Chicago",
    pickupFormattedAddress: "Chicago, IL, USA",
    pickupRegion: "IL",
    pickupCountry: "US",
    pickupGeocodeSource: "pin",
    pickupTimeZone: "America/Chicago",
    dropoffCity: "Milwaukee",
    dropoffFormattedAddress: "Milwaukee, WI 53202, USA",
    dropoffPostalCode: "53202",
    dropoffRegion: "WI",
    dropoffGeocodeSource: "gazetteer",
    dropoffLat: 43.0506,
    dropoffLng: -87.8968,
  });
  expect(row.pickupLat).toBeCloseTo(41.85183, 5);
  expect(row.pickupLng).toBeGreaterThan(-87.6501);

  await test.step("the driver who accepts gets directions to the pin, with the address", async () => {
    const d = await pageAs(driver);
    const accepted = await d.request.post("/api/trpc/driver.accept", {
      headers: { "content-type": "application/json", "x-trpc-source": "nextjs-react", origin: baseURL! },
      data: { json: { id } },
    });
    expect(accepted.status()).toBe(200);
    await d.goto(`/driver/jobs/${id}`);
    const point = `${row.pickupLat},${row.pickupLng}`;
    await expect(d.getByRole("link", { name: /^Directions to pick-up/ })).toHaveAttribute(
      "href",
      `https://www.google.com/maps/dir/?api=1&destination=${point}&travelmode=driving`,
    );
    const geo = d.getByRole("link", { name: /^Open in another maps app \(pick-up\)/ });
    await expect(geo).toHaveAttribute("href", new RegExp(`^geo:${point.replaceAll(".", "\\.")}\\?q=`));
    await expect(geo).toHaveAttribute("href", /233%20S%20Wacker%20Dr%2C%20Dock%204/);
    await expect(d.getByText(`233 S Wacker Dr, Dock 4 ${tag}, Chicago`, { exact: true }).first()).toBeVisible();
    await expect(d.getByText("Chicago, IL, USA", { exact: true })).toBeVisible();
  });
});
