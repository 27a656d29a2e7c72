// Proof of delivery on a phone: the driver of a load that requires a photo and a signature is refused without them,
// then delivers with a photo, the recipient's name, a finger-drawn signature and the code; the shipper opens the
// proof (photo and signature load through the authorising route) and downloads the PDF receipt, and another shipper
// is refused those images and the receipt.
import { readFile } from "node:fs/promises";
import { PDFDocument } from "pdf-lib";

import { db, expect, makeShipment, makeUser, test } from "./fixtures";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test.slow();

test("a driver delivers with photo, signature and code on a phone, and the shipper sees the proof", async ({
  browser,
  pageAs,
  shipper,
  driver,
}) => {
  const { shipment, deliveryCode, trackingToken } = await makeShipment({
    shipperId: shipper.id,
    status: "IN_TRANSIT",
    driverId: driver.id,
  });
  // The shipper lets the recipient's tracking page show the delivery photo.
  await db.shipment.update({
    where: { id: shipment.id },
    data: { podRequires: ["CODE", "PHOTO", "SIGNATURE"], podPhotoPublic: true },
  });

  const d = await pageAs(driver, { viewport: { width: 390, height: 844 } });
  await d.goto(`/driver/jobs/${shipment.id}`);
  const codeInput = d.getByLabel("Delivery code", { exact: true });
  await expect(codeInput).toBeVisible();

  // Without photo, name and signature the delivery is refused, field by field.
  await codeInput.fill(deliveryCode);
  await d.getByRole("button", { name: "Delivered", exact: true }).click();
  await expect(d.getByText("Take a photo of the delivered cargo.")).toBeVisible();
  await expect(d.getByText("Ask the recipient to sign.")).toBeVisible();

  await d.getByLabel("Photo of the delivered cargo").setInputFiles({
    name: "cargo.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  // The chosen photo shows as a thumbnail with its name and a Retake, not the bare file input.
  await expect(d.getByRole("img", { name: "Chosen photo: cargo.png" })).toBeVisible();
  await expect(d.getByRole("button", { name: "Retake the photo" })).toBeVisible();
  await d.getByLabel("Recipient's name").fill("Dana Dock");
  const pad = d.getByRole("img", { name: "Recipient's signature" });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await d.mouse.move(box.x + 20, box.y + box.height / 2);
  await d.mouse.down();
  for (let i = 1; i <= 10; i++) await d.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? 15 : -15));
  await d.mouse.up();
  await expect(d.getByText("Signed.")).toBeVisible();

  // A mistyped code is refused beside the code alone: the photo, the name and the signature are still there.
  const wrongCode = deliveryCode === "000000" ? "111111" : "000000";
  await codeInput.fill(wrongCode);
  await d.getByRole("button", { name: "Delivered", exact: true }).click();
  await expect(d.getByText(/That code is not correct/)).toBeVisible();
  await expect(d.getByText("Signed.")).toBeVisible();
  await expect(d.getByLabel("Recipient's name")).toHaveValue("Dana Dock");
  await codeInput.fill(deliveryCode);

  await d.getByRole("button", { name: "Delivered", exact: true }).click();
  await expect(d.getByRole("heading", { level: 2, name: "Delivered" })).toBeVisible();

  // The shipper sees the proof: name, photo and signature, each image actually loaded.
  const s = await pageAs(shipper);
  await s.goto(`/shipper/${shipment.id}`);
  const proof = s.getByRole("region", { name: "Proof of delivery" });
  await expect(proof.getByText("Dana Dock", { exact: true })).toBeVisible();
  // Every part given is listed, not only the strongest.
  await expect(proof.getByText("Photo of the cargo, signature of Dana Dock, recipient's code")).toBeVisible();
  const photo = proof.getByRole("img", { name: "Photo of the delivered cargo" });
  const signature = proof.getByRole("img", { name: "Signature of Dana Dock" });
  for (const img of [photo, signature]) {
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  }

  // The receipt downloads as a PDF named after the reference, with the reference in its title.
  const receiptLink = proof.getByRole("link", { name: "Download receipt (PDF)" });
  const [download] = await Promise.all([s.waitForEvent("download"), receiptLink.click()]);
  expect(download.suggestedFilename()).toBe(`proof-of-delivery-${shipment.reference}.pdf`);
  const receipt = await PDFDocument.load(await readFile((await download.path())!));
  expect(receipt.getTitle()).toBe(`Proof of delivery ${shipment.reference}`);
  expect(receipt.getPageCount()).toBe(1);

  // Another shipper gets a bare 404 for the same images and the same receipt.
  const other = await pageAs(await makeUser({ role: "SHIPPER" }));
  const urls = [
    await photo.getAttribute("src"),
    await signature.getAttribute("src"),
    await receiptLink.getAttribute("href"),
  ];
  for (const url of urls) {
    expect((await other.request.get(url!, { maxRedirects: 0 })).status()).toBe(404);
  }

  // The recipient's tracking link, signed out: the delivery photo (loaded), no signature, no recipient's name.
  const visitor = await browser.newContext();
  const r = await visitor.newPage();
  await r.goto(`/track/${trackingToken}`);
  const delivered = r.getByRole("img", { name: "Photo of the delivered shipment, taken by the driver" });
  await expect(delivered).toBeVisible();
  await expect.poll(() => delivered.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await expect(r.getByRole("img", { name: /signature/i })).toHaveCount(0);
  await expect(r.getByText("Dana Dock")).toHaveCount(0);
  // The signature's own route stays closed to the visitor.
  expect((await r.request.get((await signature.getAttribute("src"))!, { maxRedirects: 0 })).status()).toBe(404);
  await visitor.close();
});
