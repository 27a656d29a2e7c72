// Every page a shipper, driver, admin or recipient uses passes axe-core's WCAG 2.1 A and AA rules: labels,
// names, contrast, landmarks, heading order. A failure lists each rule with the elements that break it.
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";

import { DEMO_PASSWORD, signInAs } from "./support";

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Each page waits for its data and then runs a full axe scan: several seconds a page.
test.describe.configure({ timeout: 150_000 });

async function expectAccessible(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  // Wait for client data (lists, quotes) so skeletons are not what gets checked.
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const report = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  expect(report, `${path} has accessibility violations`).toEqual([]);
}

// Contexts opened by a test are closed after it: a page left open keeps polling and animating in the shared browser.
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(opened.splice(0).map((context) => context.close()));
});

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  opened.push(context);
  return context.newPage();
}

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await newPage(browser);
  await signInAs(page, email);
  return page;
}

test("signed-out pages", async ({ page }) => {
  for (const path of ["/", "/sign-in", "/register", "/forgot-password", "/track/this-is-not-a-real-token"]) {
    await expectAccessible(page, path);
  }
});

test("shipper pages and the public tracking page", async ({ browser }) => {
  const page = await signedInPage(browser, "shipper@demo.test");
  await expectAccessible(page, "/shipper");
  await expectAccessible(page, "/shipper/new");
  await expectAccessible(page, "/account");

  // A seeded shipment in transit: timeline, route, driver card and tracking link are all on the page.
  await page.goto("/shipper?status=IN_TRANSIT");
  const first = page.getByRole("link", { name: /^TT-/ }).first();
  await expect(first).toBeVisible();
  await expectAccessible(page, (await first.getAttribute("href")) ?? "/shipper");
  const tracking = new URL(await page.getByLabel("Tracking link", { exact: true }).inputValue());

  const visitor = await newPage(browser);
  await expectAccessible(visitor, tracking.pathname);
});

test("driver pages", async ({ browser }) => {
  const page = await signedInPage(browser, "driver@demo.test");
  await expectAccessible(page, "/driver");
  await expectAccessible(page, "/driver/jobs");
  await expectAccessible(page, "/driver/earnings");
  const job = page.getByRole("link", { name: /^TT-/ }).first();
  if ((await job.count()) > 0) await expectAccessible(page, (await job.getAttribute("href")) ?? "/driver/jobs");
});

test("admin pages", async ({ browser }) => {
  const page = await signedInPage(browser, "admin@demo.test");
  await expectAccessible(page, "/admin");
  await expectAccessible(page, "/admin/shipments");
  await expectAccessible(page, "/admin/users");
  await page.goto("/admin/shipments");
  const href = await page.getByRole("link", { name: /^TT-/ }).first().getAttribute("href");
  await expectAccessible(page, href ?? "/admin/shipments");
});

test("a shipper can sign in and reach the new-shipment form with the keyboard alone", async ({ page }) => {
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
  await page.keyboard.type("shipper@demo.test");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
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
