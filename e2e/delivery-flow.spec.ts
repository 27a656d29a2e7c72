// The cross-role delivery: a shipper posts a load, a driver accepts, picks up, drives and delivers it with the
// recipient's code (after one wrong try), the shipper sees it delivered, and the public tracking link shows the
// status without any personal data.
import { expect, test } from "./fixtures";
import { localDateTime, openCoordinates } from "./support";
import { payAndWaitUntilPosted } from "./checkout";

test("a load goes from posted to delivered, and the tracking link shows no personal data", async ({
  browser,
  baseURL,
  pageAs,
  shipper: shipperUser,
  driver: driverUser,
}) => {
  // Posting now includes paying on the Stripe stand-in's Checkout page and waiting for the webhook.
  test.setTimeout(240_000);
  // Unique values, so the privacy check below cannot pass by accident and reruns do not collide.
  const tag = Date.now().toString(36).slice(-5);
  const recipient = {
    name: `Rosalind Quill ${tag}`,
    phone: "+1 414 555 0187",
    email: `rosalind.${tag}@example.test`,
  };
  const pickupAddress = `1420 Larkspur Way ${tag}`;
  const dropoffAddress = `880 Juniper Court ${tag}`;

  const s = await pageAs(shipperUser);
  const d = await pageAs(driverUser);

  // ─── Shipper posts the load ─────────────────────────────────────────────────
  await s.goto("/shipper/new");
  const field = (label: string) => s.getByLabel(label, { exact: true });
  await field("Pick-up address").fill(pickupAddress);
  await field("Pick-up city").fill("Chicago");
  await openCoordinates(s, "pick-up");
  await field("Pick-up latitude").fill("41.8781");
  await field("Pick-up longitude").fill("-87.6298");
  await field("Pick-up window start").fill(localDateTime(1, 9));
  await field("Pick-up window end").fill(localDateTime(1, 11));
  await field("Drop-off address").fill(dropoffAddress);
  await field("Drop-off city").fill("Milwaukee");
  await openCoordinates(s, "drop-off");
  await field("Drop-off latitude").fill("43.0389");
  await field("Drop-off longitude").fill("-87.9065");
  await field("Drop-off window start").fill(localDateTime(1, 13));
  await field("Drop-off window end").fill(localDateTime(1, 17));
  await field("Cargo description").fill("Boxed kitchen tiles on two pallets");
  await field("Weight (lb)").fill("1800");
  await field("Vehicle type").selectOption("BOX_TRUCK");
  await field("Recipient name").fill(recipient.name);
  await field("Recipient phone").fill(recipient.phone);
  await field("Recipient email").fill(recipient.email);
  // This flow proves delivery with the recipient's code alone (photo and signature have specs of their own).
  await s.getByRole("checkbox", { name: /Delivery code/ }).check();
  await s.getByRole("checkbox", { name: /Photo of the delivered cargo/ }).uncheck();
  await s.getByRole("checkbox", { name: /Recipient's name and signature/ }).uncheck();
  await s.getByRole("button", { name: "Post shipment", exact: true }).click();
  // Posting pays by card on Stripe Checkout (the devstack stand-in); the webhook then posts it.
  await payAndWaitUntilPosted(s);

  const heading = s.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText(/TT-[0-9A-Z]{6}/);
  const reference = (await heading.textContent())?.match(/TT-[0-9A-Z]{6}/)?.[0] ?? "";
  expect(reference).not.toBe("");
  const shipmentUrl = s.url();
  const code = ((await s.getByTestId("delivery-code").textContent()) ?? "").replace(/\D/g, "");
  expect(code).toMatch(/^\d{6}$/);
  const trackingLink = await s.getByLabel("Tracking link", { exact: true }).inputValue();
  expect(trackingLink).toContain("/track/");

  // ─── Driver accepts it from the load board ───────────────────────────────────
  await d.goto("/driver");
  await expect(d.getByRole("heading", { level: 1, name: "Load board" })).toBeVisible();
  const card = d.locator("article").filter({ hasText: reference });
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: "Accept load", exact: true }).click();
  await d.waitForURL(/\/driver\/jobs\/[^/]+$/);
  await expect(d.getByRole("heading", { level: 1 })).toHaveText(reference);

  // ─── Pick up, depart, deliver ────────────────────────────────────────────────
  await d.getByRole("button", { name: "Picked up", exact: true }).click();
  await d.getByRole("button", { name: "In transit", exact: true }).click();
  const codeInput = d.getByLabel("Delivery code", { exact: true });
  await expect(codeInput).toBeVisible();

  await test.step("a wrong code is refused with the attempts left", async () => {
    const wrong = code === "000000" ? "111111" : "000000";
    await codeInput.fill(wrong);
    await d.getByRole("button", { name: "Delivered", exact: true }).click();
    await expect(d.getByText(/That code is not correct\./)).toBeVisible();
    await expect(d.getByRole("heading", { name: "Delivered" })).toHaveCount(0);
  });

  await codeInput.fill(code);
  await d.getByRole("button", { name: "Delivered", exact: true }).click();
  await expect(d.getByRole("heading", { level: 2, name: "Delivered" })).toBeVisible();
  await expect(d.getByText("You earned")).toBeVisible();

  // ─── The shipper sees it delivered ───────────────────────────────────────────
  await s.goto(shipmentUrl);
  await expect(s.getByRole("heading", { level: 1 })).toHaveText(new RegExp(reference));
  await expect(s.getByText("Delivered", { exact: true }).first()).toBeVisible();

  // ─── The public tracking page: status, and nobody's personal data ───────────
  const anon = await browser.newContext();
  const t = await anon.newPage();
  const tracking = new URL(trackingLink, baseURL);
  await t.goto(tracking.pathname + tracking.search);
  await expect(t.getByRole("heading", { name: `Tracking ${reference}` })).toBeVisible();
  await expect(t.getByText("Delivered", { exact: true }).first()).toBeVisible();

  const visible = await t.locator("body").innerText();
  const html = await t.content(); // includes the serialized props a page ships to the browser
  for (const secret of [
    recipient.name,
    recipient.phone,
    recipient.email,
    pickupAddress,
    dropoffAddress,
    shipperUser.name,
    driverUser.name,
    shipperUser.email,
    driverUser.email,
  ]) {
    expect(visible, `tracking page shows "${secret}"`).not.toContain(secret);
    expect(html, `tracking page HTML contains "${secret}"`).not.toContain(secret);
  }
  expect(html, "tracking page HTML contains the recipient's phone digits").not.toContain(
    recipient.phone.replace(/\D/g, "").slice(1),
  );
  expect(visible, "tracking page shows the delivery code").not.toContain(code);

  // A shared link previews well: the page's og:image renders as a PNG.
  const ogImage = await t.locator('meta[property="og:image"]').first().getAttribute("content");
  expect(ogImage).toContain("/opengraph-image");
  const image = await t.request.get(new URL(ogImage!).pathname + new URL(ogImage!).search);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
  const png = await image.body();
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(png.length).toBeGreaterThan(5_000);

  await anon.close();
});
