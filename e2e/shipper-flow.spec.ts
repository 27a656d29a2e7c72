// The shipper's own pages: the form (errors beside fields, address search, live quote), drafts, edits (including a
// stale edit resolved with "Reload" without losing input), cancelling, the list's filters, and bad tracking links.
import { expect, test } from "./fixtures";
import { chooseAddress, localDateTime, openCoordinates } from "./support";

test("a shipper drafts, edits (through a stale-edit conflict) and cancels a shipment", async ({ pageAs, shipper }) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36).slice(-5);
  // A metric browser (British English): the weight is typed and shown in kilograms (src/lib/units.ts).
  const page = await pageAs(shipper, { locale: "en-GB" });
  const context = page.context();
  const field = (label: string) => page.getByLabel(label, { exact: true });

  await page.goto("/shipper/new");
  await expect(page.getByRole("heading", { level: 1, name: "New shipment" })).toBeVisible();

  await test.step("an empty form shows errors beside the fields", async () => {
    await page.getByRole("button", { name: "Save draft", exact: true }).click();
    await expect(field("Pick-up address")).toHaveAttribute("aria-invalid", "true");
    await expect(field("Pick-up address")).toBeFocused();
    await expect(page.getByText("Enter the street address.").first()).toBeVisible();
    await expect(field("Vehicle type")).toHaveAttribute("aria-invalid", "true");
  });

  await test.step("an address search fills city and coordinates; the quote follows the input", async () => {
    await chooseAddress(page, "pick-up", "Chicago IL", /^Chicago, IL/);
    await expect(field("Pick-up city")).toHaveValue("Chicago");
    await openCoordinates(page, "pick-up");
    await expect(field("Pick-up latitude")).toHaveValue(/^41\.8/);
    await expect(field("Pick-up longitude")).toHaveValue(/^-87\.6/);
    await chooseAddress(page, "drop-off", "48226", /^Detroit, MI 48226/);
    await expect(field("Drop-off city")).toHaveValue("Detroit");
    await expect(page.getByTestId("quote-price")).toHaveCount(0);
    await field("Weight (kg)").fill("1200");
    await field("Vehicle type").selectOption("VAN");
    const vanPrice = await page.getByTestId("quote-price").textContent();
    expect(vanPrice).toMatch(/^\$\d/);
    await field("Vehicle type").selectOption("REEFER");
    await expect(page.getByTestId("quote-price")).not.toHaveText(vanPrice ?? "");
  });

  await field("Pick-up address").fill(`233 S Wacker Dr ${tag}`);
  await field("Pick-up window start").fill(localDateTime(2, 8));
  await field("Pick-up window end").fill(localDateTime(2, 12));
  await field("Drop-off address").fill(`1 Woodward Ave ${tag}`);
  await field("Drop-off window start").fill(localDateTime(2, 16));
  await field("Drop-off window end").fill(localDateTime(2, 20));
  await field("Cargo description").fill("Chilled produce in crates");
  await field("Recipient name").fill(`Quinn Receiver ${tag}`);
  await field("Recipient email").fill("not-an-email");
  await page.getByRole("button", { name: "Save draft", exact: true }).click();
  await expect(field("Recipient email")).toHaveAttribute("aria-invalid", "true");
  await field("Recipient email").fill(`quinn.${tag}@example.test`);
  await page.getByRole("button", { name: "Save draft", exact: true }).click();

  // ─── The draft's page ─────────────────────────────────────────────────────────
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^TT-[0-9A-Z]{6}$/);
  const reference = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  const shipmentUrl = page.url();
  await expect(page.getByText("Draft", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Post to load board", exact: true })).toBeVisible();
  await expect(page.getByTestId("delivery-code")).toHaveText(/^\d{6}$/);
  await expect(page.getByLabel("Tracking link", { exact: true })).toHaveValue(/\/track\/[\w-]+$/);

  await test.step("a stale edit is refused; Reload keeps what was typed", async () => {
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Edit ${reference}`);
    await expect(field("Weight (kg)")).toHaveValue("1200");

    // Somebody else saves first, from another tab.
    const other = await context.newPage();
    await other.goto(`${new URL(shipmentUrl).pathname}/edit`);
    await other.getByLabel("Cargo description", { exact: true }).fill("Chilled produce in crates, stacked two high");
    await other.getByRole("button", { name: "Save changes", exact: true }).click();
    await other.waitForURL((url) => url.pathname === new URL(shipmentUrl).pathname);
    await other.close();

    await field("Weight (kg)").fill("1500");
    await page.getByRole("button", { name: "Save changes", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "changed somewhere else" })).toBeVisible();
    await page.getByRole("button", { name: "Reload", exact: true }).click();
    await expect(page.getByText("Loaded the latest version")).toBeVisible();
    await expect(field("Weight (kg)")).toHaveValue("1500");
    await expect(field("Cargo description")).toHaveValue("Chilled produce in crates, stacked two high");
    await page.getByRole("button", { name: "Save changes", exact: true }).click();
    await page.waitForURL((url) => url.pathname === new URL(shipmentUrl).pathname);
    await expect(page.getByText("1,500 kg", { exact: true })).toBeVisible();
    // The timeline says what the edit changed (issue 8), not just "Details edited".
    await expect(
      page.getByText(/^Price changed from \$[\d,.]+ to \$[\d,.]+; .*cargo weight 1,200 → 1,500 kg/),
    ).toBeVisible();
    await expect(page.getByText("stacked two high")).toBeVisible();
  });

  await test.step("cancelling asks for a reason", async () => {
    await page.getByRole("button", { name: "Cancel shipment", exact: true }).click();
    const reason = page.getByLabel("Reason", { exact: true });
    await expect(reason).toBeFocused();
    await page.getByRole("button", { name: "Cancel shipment", exact: true }).click();
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await reason.fill("The customer postponed the order");
    await page.getByRole("button", { name: "Cancel shipment", exact: true }).click();
    await expect(page.getByText("Shipment cancelled.")).toBeVisible();
    await expect(page.getByText("Reason: The customer postponed the order")).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Cancel shipment", exact: true })).toHaveCount(0);
  });

  await test.step("the list filters by status and reference, in the URL", async () => {
    await page.goto("/shipper");
    await page.getByLabel("Status", { exact: true }).selectOption("CANCELLED");
    await expect(page).toHaveURL(/status=CANCELLED/);
    await page.getByLabel("Search by reference or city", { exact: true }).fill(reference.slice(3));
    await expect(page).toHaveURL(new RegExp(`q=${reference.slice(3)}`));
    await expect(page.getByRole("link", { name: reference }).first()).toBeVisible();
    await page.getByLabel("Search by reference or city", { exact: true }).fill("ZZZZZZ");
    await expect(page.getByText("No shipments match these filters")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Search by reference or city", { exact: true })).toHaveValue("ZZZZZZ");
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/shipper$/);
    await expect(page.getByRole("link", { name: reference }).first()).toBeVisible();
  });
});

test("a tracking link that does not exist says so", async ({ page }) => {
  await page.goto("/track/this-is-not-a-real-token");
  await expect(page.getByRole("heading", { level: 1, name: "This tracking link is not valid" })).toBeVisible();
});
