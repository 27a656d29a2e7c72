// Hardening issue, section 3, as a person meets it: the shipment form still sends its text inputs as numbers
// and dates the strict server accepts, refuses free text in a phone field beside the field, and a driver who
// presses Accept on a load the shipper has just cancelled is told that, not that another driver took it.
import { type Browser, expect, type Page, test } from "@playwright/test";

import { localDateTime, openCoordinates, signInAs } from "./support";
import { payAndWaitUntilPosted } from "./checkout";

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, email);
  return page;
}

test("phone fields take phone numbers, and a refused Accept says the shipper cancelled", async ({ browser }) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36).slice(-5);
  const s = await signedInPage(browser, "shipper2@demo.test");

  await s.goto("/shipper/new");
  const field = (label: string) => s.getByLabel(label, { exact: true });
  await field("Pick-up address").fill(`77 Harbor Row ${tag}`);
  await field("Pick-up city").fill("Chicago");
  await openCoordinates(s, "pick-up");
  await field("Pick-up latitude").fill("41.8781");
  await field("Pick-up longitude").fill("-87.6298");
  await field("Pick-up window start").fill(localDateTime(2, 9));
  await field("Pick-up window end").fill(localDateTime(2, 11));
  await field("Drop-off address").fill(`12 Lakeview Ct ${tag}`);
  await field("Drop-off city").fill("Milwaukee");
  await openCoordinates(s, "drop-off");
  await field("Drop-off latitude").fill("43.0389");
  await field("Drop-off longitude").fill("-87.9065");
  await field("Drop-off window start").fill(localDateTime(2, 13));
  await field("Drop-off window end").fill(localDateTime(2, 17));
  await field("Cargo description").fill("Two crates of ceramic tiles");
  await field("Weight (lb)").fill("660");
  await field("Vehicle type").selectOption("VAN");
  await field("Recipient name").fill(`Morgan Vale ${tag}`);
  await field("Recipient phone").fill("call me maybe");
  await s.getByRole("button", { name: "Post shipment", exact: true }).click();

  await expect(s.getByText("Enter a phone number like +1 312 555 0100.").first()).toBeVisible();
  await expect(field("Recipient phone")).toHaveAttribute("aria-invalid", "true");
  await expect(s).toHaveURL(/\/shipper\/new$/);

  await field("Recipient phone").fill("+1 414 555 0187");
  await s.getByRole("button", { name: "Post shipment", exact: true }).click();
  // Posting pays by card on Stripe Checkout (the devstack stand-in); the webhook then posts it.
  await payAndWaitUntilPosted(s);
  const heading = s.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/TT-[0-9A-Z]{6}/);
  const reference = (await heading.textContent())?.match(/TT-[0-9A-Z]{6}/)?.[0] ?? "";
  expect(reference).not.toBe("");

  // A van driver sees the load on the board...
  const d = await signedInPage(browser, "driver2@demo.test");
  await d.goto("/driver");
  const card = d.locator("article").filter({ hasText: reference });
  await expect(card).toBeVisible();

  // ...the shipper cancels it before the driver presses Accept...
  await s.getByRole("button", { name: "Cancel shipment", exact: true }).click();
  await field("Reason").fill("The customer postponed the order");
  await s.getByRole("button", { name: "Cancel shipment", exact: true }).click();
  await expect(s.getByText("Shipment cancelled.")).toBeVisible();

  // ...and the refusal says what happened.
  await card.getByRole("button", { name: "Accept load", exact: true }).click();
  await expect(card.getByText("The shipper cancelled this load.")).toBeVisible();
  await expect(d.getByText("This load was just taken by another driver.")).toHaveCount(0);
});
