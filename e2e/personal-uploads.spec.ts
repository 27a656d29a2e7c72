// Uploads whose object is a person or a conversation, through the real browser client and the UploadThing stand-in:
// a driver uploads their licence with its expiry date (a past date is refused with a field message) and an admin
// sees it with its expiry on the driver's admin page (another driver, a shipper and an anonymous visitor are refused
// its link); a file refused by its bytes is not offered again, and the driver deletes the licence; a photo attached in the shipment chat by the driver shows as
// a thumbnail to the shipper (a renamed executable attached there is refused, with no Retry).
import sharp from "sharp";

import { expect, makeShipment, makeUser, test } from "./fixtures";

const PDF = Buffer.from("%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n");
/** The start of a Windows executable (MZ header pointing at a PE signature): refused by its bytes, whatever its name. */
const EXE = (() => {
  const b = Buffer.alloc(256);
  b.set([0x4d, 0x5a], 0);
  b.set([0x80, 0, 0, 0], 0x3c);
  b.set([0x50, 0x45, 0, 0], 0x80);
  return b;
})();

test.slow();

test("a driver uploads a licence with its expiry date; an admin sees it with the expiry", async ({
  pageAs,
  driver,
  admin,
  request,
}) => {
  const d = await pageAs(driver);
  await d.goto("/account");
  const docs = d.getByRole("region", { name: "Licence and insurance" });
  await expect(docs.getByText("No licence or insurance yet")).toBeVisible();

  await docs.getByTestId("driver-document-input").setInputFiles({
    name: "licence.pdf",
    mimeType: "application/pdf",
    buffer: PDF,
  });
  const expiry = docs.getByLabel("Expiry date");
  await expiry.fill("2024-01-31");
  await docs.getByRole("button", { name: "Upload document" }).click();
  await expect(docs.getByText(/This date is in the past/)).toBeVisible();
  await expect(expiry).toHaveAttribute("aria-invalid", "true");

  const year = new Date().getUTCFullYear() + 1;
  await expiry.fill(`${year}-06-30`);
  await docs.getByRole("button", { name: "Upload document" }).click();
  const list = docs.getByRole("list", { name: "Driver documents" });
  const item = list.locator("li", { hasText: "licence.pdf" });
  await expect(item).toBeVisible();
  await expect(item).toContainText("Driver's licence");
  await expect(item).toContainText(`Valid through Jun 30, ${year}`);
  await expect(item.getByText(/^Expires in \d+ days$/)).toBeVisible();

  // The admin's page for this driver shows the same document and expiry; its link opens for the admin.
  const a = await pageAs(admin);
  await a.goto(`/admin/users/${driver.id}`);
  const adminDocs = a.getByRole("region", { name: "Licence and insurance" });
  const adminItem = adminDocs.locator("li", { hasText: "licence.pdf" });
  await expect(adminItem).toContainText(`Valid through Jun 30, ${year}`);
  await expect(adminItem.getByText(/^Expires in \d+ days$/)).toBeVisible();
  const href = await adminItem.getByRole("link", { name: "licence.pdf" }).getAttribute("href");
  const res = await a.request.get(href!, { maxRedirects: 5 });
  expect(res.status()).toBe(200);
  expect(Buffer.from(await res.body())).toEqual(PDF);

  // Another driver, a shipper and an anonymous visitor get a bare 404 for the same link.
  for (const role of ["DRIVER", "SHIPPER"] as const) {
    const other = await pageAs(await makeUser({ role }));
    expect((await other.request.get(href!, { maxRedirects: 0 })).status()).toBe(404);
  }
  expect((await request.get(href!, { maxRedirects: 0 })).status()).toBe(404);

  // A file that is a PDF by name only is refused by its bytes: the form says why and to choose another file, and
  // offers no retry of the same file (only a connection or server failure does).
  await docs.getByTestId("driver-document-input").setInputFiles({
    name: "insurance.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("MZ this is not a PDF at all, it only has the name of one."),
  });
  await expiry.fill(`${year}-09-30`);
  await docs.getByRole("button", { name: "Upload document" }).click();
  const refusal = docs.getByRole("alert").filter({ hasText: "Not uploaded" });
  await expect(refusal).toContainText("judged by its contents");
  await expect(refusal).toContainText("Choose another file.");
  await expect(docs.getByRole("button", { name: /Retry/ })).toHaveCount(0);
  await expect(docs.getByText("Drag the file here, or click to choose")).toBeVisible();

  // The driver deletes their licence, after saying yes; the link is dead afterwards, also for the admin.
  await item.getByRole("button", { name: "Delete licence.pdf" }).click();
  const ask = item.getByRole("group", { name: "Delete licence.pdf?" });
  await ask.getByRole("button", { name: "Keep it" }).click();
  await expect(item).toBeVisible();
  await item.getByRole("button", { name: "Delete licence.pdf" }).click();
  await ask.getByRole("button", { name: "Yes, delete" }).click();
  await expect(docs.getByText("No licence or insurance yet")).toBeVisible();
  expect((await a.request.get(href!, { maxRedirects: 0 })).status()).toBe(404);
  // The admin's page lists the papers read only: no Delete there.
  await a.reload();
  await expect(adminDocs.getByText("The driver has not uploaded any.")).toBeVisible();
});

test("a photo attached in the chat shows its preview to the other party", async ({ pageAs, shipper, driver }) => {
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "IN_TRANSIT", driverId: driver.id });
  const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 30, g: 120, b: 60 } } })
    .png()
    .toBuffer();

  const d = await pageAs(driver);
  await d.goto(`/driver/jobs/${shipment.id}`);
  const dChat = d.getByTestId("shipment-chat");
  await expect(async () => {
    await dChat.scrollIntoViewIfNeeded({ timeout: 2_000 });
    await expect(dChat.getByLabel("Message", { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await expect(dChat.getByText(/Photos and PDFs up to 8 MB, videos up to 16 MB/)).toBeVisible();
  // A renamed executable is refused by the server for its bytes: said in the composer, with no Retry (the same
  // bytes would be refused again), and removable.
  await dChat
    .getByTestId("chat-attach-input")
    .setInputFiles({ name: "manifest.pdf", mimeType: "application/pdf", buffer: EXE });
  await expect(dChat.getByText(/"manifest\.pdf" is not a/)).toBeVisible();
  await expect(dChat.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await dChat.getByRole("button", { name: "Remove manifest.pdf" }).click();
  await expect(dChat.getByText("manifest.pdf")).toHaveCount(0);
  await dChat
    .getByTestId("chat-attach-input")
    .setInputFiles({ name: "dock.png", mimeType: "image/png", buffer: photo });
  await expect(dChat.getByText("· ready to send")).toBeVisible();
  await dChat.getByLabel("Message", { exact: true }).fill("Pallets at dock 4");
  await dChat.getByRole("button", { name: "Send" }).click();
  await expect(dChat.getByRole("img", { name: "Photo: dock.png" })).toBeVisible();

  const s = await pageAs(shipper);
  await s.goto(`/shipper/${shipment.id}`);
  const sChat = s.getByTestId("shipment-chat");
  await sChat.scrollIntoViewIfNeeded();
  const preview = sChat.getByRole("img", { name: "Photo: dock.png" });
  await expect(preview).toBeVisible();
  await expect(sChat.getByText("Pallets at dock 4")).toBeVisible();
  // The thumbnail really loaded through /api/files (a private, signed URL), not a broken image.
  await expect
    .poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
});
