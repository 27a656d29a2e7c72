// Uploads through the real browser client (@uploadthing/react, XHR to the UploadThing stand-in): the shipper drops a
// PDF on the shipment page, sees its progress and then the file listed; the download link serves it; another
// shipper is refused the same link; a renamed executable is refused with a clear message.
import { expect, makeShipment, makeUser, test } from "./fixtures";

const PDF = Buffer.from("%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n");
const EXE = (() => {
  const b = Buffer.alloc(256);
  b.set([0x4d, 0x5a], 0);
  b.set([0x80, 0, 0, 0], 0x3c);
  b.set([0x50, 0x45, 0, 0], 0x80);
  return b;
})();

test.slow();

test("a shipper uploads a PDF, sees it listed and downloads it; another shipper is refused", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "IN_TRANSIT", driverId: driver.id });
  const page = await pageAs(shipper);
  await page.goto(`/shipper/${shipment.id}`);
  const files = page.getByRole("region", { name: "Documents and photos" });
  await expect(files.getByText("No documents or photos yet")).toBeVisible();

  await files.getByTestId("upload-input").setInputFiles({
    name: "bill-of-lading.pdf",
    mimeType: "application/pdf",
    buffer: PDF,
  });
  const uploads = files.getByRole("list", { name: "Uploads" });
  await expect(uploads.getByText("Uploaded.")).toBeVisible();
  const link = files.getByRole("list", { name: "Files" }).getByRole("link", { name: "bill-of-lading.pdf" });
  await expect(link).toBeVisible();

  // The link is the app's authorising route: it redirects to a short-lived signed URL served as a download.
  const href = await link.getAttribute("href");
  const res = await page.request.get(href!, { maxRedirects: 5 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  expect(res.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await res.body())).toEqual(PDF);

  // A renamed executable is refused by its bytes, with a message, and never listed.
  await files
    .getByTestId("upload-input")
    .setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: EXE });
  await expect(uploads.getByText(/"invoice\.pdf" is not a PDF/)).toBeVisible();
  // Sending the same bytes again cannot help: no Retry, but what to do instead.
  const refusedRow = uploads.getByRole("listitem").filter({ hasText: "invoice.pdf" });
  await expect(refusedRow.getByText("Choose another file.")).toBeVisible();
  await expect(refusedRow.getByRole("button", { name: /Retry/ })).toHaveCount(0);
  await expect(files.getByRole("list", { name: "Files" }).getByRole("link")).toHaveCount(1);

  // Too large and wrong type are refused before uploading.
  await files.getByTestId("upload-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: PDF });
  await expect(files.getByText('"notes.txt" is not a PDF or a photo.')).toBeVisible();

  // Another shipper (signed in) gets a bare 404 for the same link.
  const other = await pageAs(await makeUser({ role: "SHIPPER" }));
  const refused = await other.request.get(href!, { maxRedirects: 0 });
  expect(refused.status()).toBe(404);
});
