// Weather along the route (issue 10 §4) and the units preference (§5). The e2e run points OPEN_METEO_BASE_URL at the
// stand-in (scripts/e2e.ts), which pins heavy snow over Minneapolis: the pick-up there shows it with a warning.
import { expect, makeShipment, test } from "./fixtures";

test("the shipper's page and the driver's job show the forecast along the route, with a snow warning", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const { shipment } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "ASSIGNED",
    from: "minneapolis",
    to: "chicago",
  });

  const page = await pageAs(shipper); // en-US: US customary units
  await page.goto(`/shipper/${shipment.id}`);
  const weather = page.getByRole("region", { name: "Weather along the route" });
  const pickup = weather.getByTestId("weather-pickup");
  // Three forecasts and a route behind one query: a loaded CI machine may take a while.
  await expect(pickup).toContainText("Heavy snow, 18 °F", { timeout: 30_000 });
  await expect(pickup.getByRole("list", { name: "Weather warnings" })).toContainText("Snow, 1 in/h");
  await expect(pickup).toContainText(/Wind:\s*\d+ mph, gusts 25 mph/);
  // The pick-up's hour in the stop's own zone, named.
  await expect(pickup.locator("time")).toHaveText(/ (CST|CDT)$/);
  for (const role of ["midway", "dropoff"]) {
    await expect(weather.getByTestId(`weather-${role}`)).toContainText(/°F/);
  }

  const job = await pageAs(driver);
  await job.goto(`/driver/jobs/${shipment.id}`);
  const jobPickup = job.getByRole("region", { name: "Weather along the route" }).getByTestId("weather-pickup");
  await expect(jobPickup).toContainText("Heavy snow, 18 °F", { timeout: 30_000 });
  await expect(jobPickup).toContainText("Snow, 1 in/h");
});

test("switching to metric on the account page changes the load board and the shipment page", async ({
  pageAs,
  shipper,
  driver,
}) => {
  test.slow();
  const { shipment } = await makeShipment({
    shipperId: shipper.id,
    status: "POSTED",
    from: "chicago",
    to: "milwaukee",
    weightKg: 1000,
  });

  // The driver: miles and $/mi from an en-US browser, then kilometres and $/km once metric is chosen.
  const board = await pageAs(driver);
  await board.goto("/driver");
  const card = board.getByRole("article").filter({ hasText: shipment.reference });
  await expect(card.getByText(/^[\d,]+ mi$/).first()).toBeVisible();
  await expect(card).toContainText(/\$\d+\.\d{2}\/mi/);
  await expect(card).toContainText("2,205 lb");
  await expect(board.getByLabel("Within (miles)")).toBeVisible();

  await board.goto("/account");
  const units = board.getByRole("region", { name: "Units", exact: true });
  await units.getByRole("radio", { name: /^Metric/ }).check();
  await units.getByRole("button", { name: "Save units" }).click();
  await expect(units.getByRole("status")).toHaveText("Units saved.");

  await board.goto("/driver");
  await expect(card.getByText(/^[\d,]+ km$/).first()).toBeVisible();
  await expect(card).toContainText(/\$\d+\.\d{2}\/km/);
  await expect(card).toContainText("1,000 kg");
  await expect(board.getByLabel("Within (km)")).toBeVisible();
  // A radius typed in km: 200 km reaches Chicago's loads from the Chicago base, and the URL keeps what was typed.
  await board.getByLabel("Within (km)").fill("200");
  await board.getByLabel("Within (km)").press("Enter");
  await expect(board).toHaveURL(/[?&]within=200\b/);
  await expect(card).toBeVisible();
  // After a reload the server render uses the stored choice too.
  await board.reload();
  await expect(board.getByLabel("Within (km)")).toHaveValue("200");

  // The shipper's page: the same shipment in pounds and miles, then in kilograms and kilometres.
  const page = await pageAs(shipper);
  await page.goto(`/shipper/${shipment.id}`);
  const cargo = page.getByRole("region", { name: "Cargo", exact: true });
  await expect(cargo).toContainText("2,205 lb");
  const route = page.getByRole("region", { name: "Route", exact: true });
  await expect(route).toContainText(/Distance:\s*[\d,]+ mi/);
  await page.goto("/account");
  await page.getByRole("radio", { name: /^Metric/ }).check();
  await page.getByRole("button", { name: "Save units" }).click();
  await expect(page.getByText("Units saved.")).toBeVisible();
  await page.goto(`/shipper/${shipment.id}`);
  await expect(cargo).toContainText("1,000 kg");
  await expect(route).toContainText(/Distance:\s*[\d,]+ km/);
});
