// The proof a shipper chose: a load that requires a photo and a signature (not the code) shows the driver what is
// required and no code field; delivering without the photo and signature is refused, with them it is delivered
// without any code; the shipper's page names the proof required.
import { db, expect, makeShipment, test } from "./fixtures";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test.slow();

test("photo + signature required: refused without them, delivered with them and no code", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "IN_TRANSIT", driverId: driver.id });
  await db.shipment.update({ where: { id: shipment.id }, data: { podRequires: ["PHOTO", "SIGNATURE"] } });

  const s = await pageAs(shipper);
  await s.goto(`/shipper/${shipment.id}`);
  await expect(
    s.getByText("A photo of the delivered cargo and the recipient's name and signature.", { exact: true }),
  ).toBeVisible();

  const d = await pageAs(driver, { viewport: { width: 390, height: 844 } });
  await d.goto(`/driver/jobs/${shipment.id}`);
  await expect(d.getByText("The shipper requires", { exact: false }).first()).toBeVisible();
  await expect(d.getByLabel("Delivery code", { exact: true })).toHaveCount(0);

  // The code alone would not do: without photo and signature the delivery is refused, field by field.
  await d.getByRole("button", { name: "Delivered", exact: true }).click();
  await expect(d.getByText("Take a photo of the delivered cargo.")).toBeVisible();
  await expect(d.getByText("Ask the recipient to sign.")).toBeVisible();

  await d
    .getByLabel("Photo of the delivered cargo")
    .setInputFiles({ name: "cargo.png", mimeType: "image/png", buffer: PNG });
  await d.getByLabel("Recipient's name").fill("Dana Dock");
  const pad = d.getByRole("img", { name: "Recipient's signature" });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await d.mouse.move(box.x + 20, box.y + box.height / 2);
  await d.mouse.down();
  for (let i = 1; i <= 10; i++) await d.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? 15 : -15));
  await d.mouse.up();
  await expect(d.getByText("Signed.")).toBeVisible();

  await d.getByRole("button", { name: "Delivered", exact: true }).click();
  await expect(d.getByRole("heading", { level: 2, name: "Delivered" })).toBeVisible();
  const row = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id }, include: { proofOfDelivery: true } });
  expect(row).toMatchObject({ status: "DELIVERED", deliveryCodeAttempts: 0 });
  expect(row.proofOfDelivery).toMatchObject({ method: "SIGNATURE", recipientName: "Dana Dock" });
  // The stored photo was cleaned: a thumbnail and its size are recorded.
  const photo = await db.file.findUniqueOrThrow({ where: { id: row.proofOfDelivery!.photoFileId! } });
  expect(photo).toMatchObject({ width: 1, height: 1 });
  expect(photo.thumbnailKey).not.toBeNull();
});
