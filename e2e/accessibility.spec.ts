// Every page a shipper, driver, admin or recipient uses passes axe-core's WCAG 2.1 A and AA rules: labels,
// names, contrast, landmarks, heading order. A failure lists each rule with the elements that break it. The same
// visits prove each page hydrates without a server/client mismatch or any other console error (React reports a
// mismatch as a recoverable error, #418 in production), so no second walk loads these pages again.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

import { expect, makeShipment, test } from "./fixtures";
import { consoleErrors } from "./support";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Each page waits for its data and then runs a full axe scan: several seconds a page.
test.describe.configure({ timeout: 150_000 });

/** Console errors per page, collected from the page's first visit on. */
const pageErrors = new WeakMap<Page, string[]>();

async function expectAccessible(page: Page, path: string) {
  let errors = pageErrors.get(page);
  if (!errors) pageErrors.set(page, (errors = consoleErrors(page)));
  errors.length = 0;
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // Wait for client data (lists, quotes) so skeletons are not what gets checked.
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const report = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  expect(report, `${path} has accessibility violations`).toEqual([]);
  expect(errors, `${path} logged console errors`).toEqual([]);
}

test("signed-out pages", async ({ page }) => {
  for (const path of ["/", "/sign-in", "/register", "/forgot-password", "/track/this-is-not-a-real-token"]) {
    await expectAccessible(page, path);
  }
});

test("shipper pages and the public tracking page", async ({ browser, pageAs, shipper, driver }) => {
  // A shipment in transit: timeline, route, driver card and tracking link are all on its page.
  const { shipment, trackingToken } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
    from: "chicago",
    to: "detroit",
  });
  const page = await pageAs(shipper);
  await expectAccessible(page, "/shipper");
  await expectAccessible(page, "/shipper/new");
  await expectAccessible(page, "/account");
  await expectAccessible(page, `/shipper/${shipment.id}`);

  const visitor = await browser.newContext();
  await expectAccessible(await visitor.newPage(), `/track/${trackingToken}`);
  await visitor.close();
});

test("driver pages", async ({ pageAs, shipper, driver }) => {
  // In transit: the job page has its delivery-code form and location sharing; a posted van load is on the board.
  const { shipment } = await makeShipment({ shipperId: shipper.id, driverId: driver.id, status: "IN_TRANSIT" });
  await makeShipment({ shipperId: shipper.id, status: "POSTED", vehicleType: "VAN" });
  const page = await pageAs(driver);
  await expectAccessible(page, "/driver");
  await expectAccessible(page, "/driver/jobs");
  await expectAccessible(page, "/driver/earnings");
  await expectAccessible(page, `/driver/jobs/${shipment.id}`);
});

test("admin pages", async ({ pageAs, admin, shipper }) => {
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "POSTED" });
  const page = await pageAs(admin);
  await expectAccessible(page, "/admin");
  await expectAccessible(page, "/admin/shipments");
  await expectAccessible(page, "/admin/users");
  await expectAccessible(page, `/admin/shipments/${shipment.id}`);
});

// The sign-in form is the subject here, so this test signs in through it.
test("a shipper can sign in and reach the new-shipment form with the keyboard alone", async ({ page, shipper }) => {
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  // Tab through the form in order; nothing is typed with the mouse.
  const email = page.getByLabel("Email", { exact: true });
  for (let i = 0; i < 10 && !(await email.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(email).toBeFocused();
  await page.keyboard.type(shipper.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.type(shipper.password);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/shipper/);

  const newShipment = page.getByRole("link", { name: "New shipment", exact: true }).first();
  for (let i = 0; i < 15 && !(await newShipment.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(newShipment).toBeFocused();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/shipper\/new/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
