// Offline at the dock: the driver gives the proof (photo, name, signature, code) with the network down; the page says
// it is saved on the phone and nothing reaches the server. The tab is closed, the network returns, the job is opened
// again: the proof is sent by itself, once, the page says when, and the shipment has exactly one proof with
// everything in it (the phone's capture time before the server's delivery time).
import { db, expect, makeShipment, test } from "./fixtures";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test.slow();

test("a proof given offline is kept on the phone and sent once when the network returns", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const { shipment, deliveryCode } = await makeShipment({
    shipperId: shipper.id,
    status: "IN_TRANSIT",
    driverId: driver.id,
  });
  await db.shipment.update({ where: { id: shipment.id }, data: { podRequires: ["CODE", "PHOTO", "SIGNATURE"] } });

  const d = await pageAs(driver, { viewport: { width: 390, height: 844 } });
  const context = d.context();
  await d.goto(`/driver/jobs/${shipment.id}`);
  await d.getByLabel("Photo of the delivered cargo").setInputFiles({
    name: "cargo.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  await d.getByLabel("Recipient's name").fill("Dana Dock");
  const pad = d.getByRole("img", { name: "Recipient's signature" });
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await d.mouse.move(box.x + 20, box.y + box.height / 2);
  await d.mouse.down();
  for (let i = 1; i <= 10; i++) await d.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? 15 : -15));
  await d.mouse.up();
  await expect(d.getByText("Signed.")).toBeVisible();
  await d.getByLabel("Delivery code", { exact: true }).fill(deliveryCode);

  // The network drops at the dock.
  await context.setOffline(true);
  await d.getByRole("button", { name: "Delivered", exact: true }).click();
  await expect(d.getByText("Saved on this phone, will be sent when you're back online.")).toBeVisible();
  // The form stays (a refusal later finds the photo and signature still there) but cannot be sent a second time.
  await expect(d.getByRole("button", { name: "Delivered", exact: true })).toBeDisabled();
  await expect(d.getByLabel("Delivery code", { exact: true })).toHaveValue(deliveryCode);
  expect(await db.proofOfDelivery.count({ where: { shipmentId: shipment.id } })).toBe(0);
  expect((await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).status).toBe("IN_TRANSIT");

  // The driver closes the tab; later the network is back and they open the job again.
  await d.close();
  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(`/driver/jobs/${shipment.id}`);
  const sent = again.getByRole("status").filter({ hasText: "Proof of delivery sent" });
  await expect(sent).toBeVisible({ timeout: 30_000 });
  await expect(sent).toContainText("while offline");
  await expect(again.getByRole("heading", { level: 2, name: "Delivered" })).toBeVisible();

  // Once, with everything given offline.
  const proofs = await db.proofOfDelivery.findMany({ where: { shipmentId: shipment.id } });
  expect(proofs).toHaveLength(1);
  const proof = proofs[0]!;
  expect(proof).toMatchObject({ method: "SIGNATURE", recipientName: "Dana Dock" });
  expect(proof.photoFileId).not.toBeNull();
  expect(proof.signatureFileId).not.toBeNull();
  expect(proof.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  expect(proof.capturedAt!.getTime()).toBeLessThan(proof.deliveredAt.getTime());
  const row = await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
  expect(row).toMatchObject({ status: "DELIVERED", deliveryCodeAttempts: 1 });

  // Opening the page again sends nothing more; the phone keeps only when it was sent.
  await again.reload();
  await expect(again.getByRole("status").filter({ hasText: "Proof of delivery sent" })).toBeVisible();
  expect(await db.proofOfDelivery.count({ where: { shipmentId: shipment.id } })).toBe(1);
  const kept = await again.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open("trial-transport-pod");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction("proofs").objectStore("proofs").getAll();
          req.onsuccess = () => resolve(req.result as unknown[]);
          req.onerror = () => reject(req.error);
        };
      }),
  );
  expect(kept).toEqual([expect.objectContaining({ shipmentId: shipment.id, state: "sent" })]);
  expect(JSON.stringify(kept)).not.toContain("Dana Dock");
  expect(JSON.stringify(kept)).not.toContain(deliveryCode);
});
