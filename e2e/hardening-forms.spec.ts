// Issue 8 (hardening), forms: a server's field error lands beside its field with everything typed kept, and a
// cancelled shipment no longer shows its delivery code or share link. Each test registers its own shipper.
import { expect, type Locator, type Page, test } from "@playwright/test";

import { chooseAddress, localDateTime, signInAs } from "./support";

const PASSWORD = "Sturdy-Trucks-Roll-2026";

/** A new shipper, registered through the form and signed in (unverified: enough for drafts and the account page). */
async function newShipper(page: Page): Promise<string> {
  const email = `e2e-forms-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  await page.goto("/register");
  await page.getByRole("radio", { name: "I ship freight" }).check();
  await page.getByLabel("Name", { exact: true }).fill("Frida Forms");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await signInAs(page, email, PASSWORD);
  return email;
}

/** The text of the elements that describe a control (its hint and its error). */
async function description(control: Locator): Promise<string> {
  const ids = ((await control.getAttribute("aria-describedby")) ?? "").split(" ").filter(Boolean);
  const texts = await Promise.all(ids.map((id) => control.page().locator(`[id="${id}"]`).innerText()));
  return texts.join(" ");
}

test("a server field error lands beside its field, and what was typed stays", async ({ page }) => {
  await newShipper(page);
  await page.goto("/account");
  const current = page.getByLabel("Current password", { exact: true });
  const next = page.getByLabel("New password", { exact: true });
  const submit = page.getByRole("button", { name: "Change password", exact: true });

  await test.step("a wrong current password is marked on that field, which takes focus", async () => {
    await current.fill("not-my-password");
    await next.fill("A-Fresh-Route-Home-77");
    await submit.click();
    await expect(current).toHaveAttribute("aria-invalid", "true");
    await expect(current).toBeFocused();
    expect(await description(current)).toContain("Your current password is not correct.");
    await expect(next).not.toHaveAttribute("aria-invalid", "true");
    await expect(current).toHaveValue("not-my-password");
    await expect(next).toHaveValue("A-Fresh-Route-Home-77");
  });

  await test.step("a common new password is marked on the new-password field, with no second, form-level alert", async () => {
    await current.fill(PASSWORD);
    await next.fill("password123");
    await submit.click();
    await expect(next).toHaveAttribute("aria-invalid", "true");
    expect(await description(next)).toContain("This password is too common.");
    await expect(current).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "too common" })).toHaveCount(0);
    await expect(current).toHaveValue(PASSWORD);
    await expect(next).toHaveValue("password123");
    await expect(submit).toBeEnabled();
  });
});

test("a cancelled shipment shows neither its delivery code nor its share link", async ({ page }) => {
  // Two address searches and a full form on a shared, busy machine: more than the default minute.
  test.setTimeout(120_000);
  await newShipper(page);
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await page.goto("/shipper/new");
  await chooseAddress(page, "pick-up", "Chicago, IL", /^Chicago, IL/);
  await chooseAddress(page, "drop-off", "Milwaukee", /^Milwaukee, WI/);
  await field("Pick-up address").fill("233 S Wacker Dr");
  await field("Pick-up window start").fill(localDateTime(2, 8));
  await field("Pick-up window end").fill(localDateTime(2, 12));
  await field("Drop-off address").fill("700 N Art Museum Dr");
  await field("Drop-off window start").fill(localDateTime(2, 14));
  await field("Drop-off window end").fill(localDateTime(2, 18));
  await field("Cargo description").fill("Two pallets of books");
  await field("Weight (lb)").fill("1300");
  await field("Vehicle type").selectOption("VAN");
  await field("Recipient name").fill("Rita Reader");
  await page.getByRole("button", { name: "Save draft", exact: true }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^TT-[0-9A-Z]{6}$/);
  await expect(page.getByTestId("delivery-code")).toHaveText(/^\d{6}$/);
  await expect(page.getByLabel("Tracking link", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Cancel shipment", exact: true }).click();
  await field("Reason").fill("The order was withdrawn");
  await page.getByRole("button", { name: "Cancel shipment", exact: true }).click();
  await expect(page.getByText("Shipment cancelled.")).toBeVisible();

  for (const pass of ["after cancelling", "after a reload"]) {
    await test.step(pass, async () => {
      await expect(page.getByText("This shipment was cancelled")).toBeVisible();
      await expect(page.getByTestId("delivery-code")).toHaveCount(0);
      await expect(page.getByText("Delivery code", { exact: true })).toHaveCount(0);
      await expect(page.getByLabel("Tracking link", { exact: true })).toHaveCount(0);
      await expect(page.getByRole("heading", { name: "Share tracking" })).toHaveCount(0);
    });
    if (pass === "after cancelling") await page.reload();
  }
});
