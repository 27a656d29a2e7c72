// Expected business refusals are shown in the page and never logged as errors in the browser console (in
// development, a console error lights the Next.js issue badge for something that is not a fault).
import { expect, makeShipment, test } from "./fixtures";
import { consoleErrors } from "./support";

test("a wrong password is shown on the form and logs no console error", async ({ page, shipper }) => {
  const errors = consoleErrors(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(shipper.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a wrong delivery code is shown beside the field and logs no console error", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const { shipment, deliveryCode } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
  });
  const page = await pageAs(driver);
  const errors = consoleErrors(page);
  await page.goto(`/driver/jobs/${shipment.id}`);
  await page.getByLabel("Delivery code", { exact: true }).fill(deliveryCode === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Delivered", exact: true }).click();
  await expect(page.getByText(/That code is not correct\./)).toBeVisible();
  expect(errors).toEqual([]);
});

test("offline, a form says the server cannot be reached at once and keeps what was typed", async ({
  pageAs,
  shipper,
}) => {
  const page = await pageAs(shipper);
  await page.goto("/account");
  const name = page.getByLabel("Name", { exact: true });
  // The form fills in the saved name once React has hydrated it; typing before that merged the two (seen in CI).
  await expect(name).toHaveValue(/\S/);
  await name.fill("Offline Olga");
  await page.context().setOffline(true);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Could not reach the server. Check your connection and try again.")).toBeVisible();
  await expect(name).toHaveValue("Offline Olga");
  await expect(page.getByRole("button", { name: "Save profile" })).toBeEnabled();

  // Back online, the same form goes through.
  await page.context().setOffline(false);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
});
