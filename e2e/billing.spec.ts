// Invoices (issue 13 §3): a shipper with no invoices sees the empty billing page, pays to post a draft on the
// Stripe stand-in's hosted page, then finds the numbered invoice under Billing and downloads it as a PDF whose
// text carries the number, the parties and the total paid.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

import { payAndWaitUntilPosted } from "./checkout";
import { expect, makeShipment, test } from "./fixtures";

const STANDARD_FONTS = `${path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"))}/standard_fonts/`;

async function pdfText(file: string): Promise<string> {
  const doc = await getDocument({
    data: new Uint8Array(await readFile(file)),
    isEvalSupported: false,
    disableFontFace: true,
    standardFontDataUrl: STANDARD_FONTS,
  }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    for (const item of (await (await doc.getPage(i)).getTextContent()).items) if ("str" in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join("\n");
}

const usd = (cents: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

test("a shipper pays for a shipment and downloads its numbered invoice as a PDF", async ({ pageAs, shipper }) => {
  // Checkout, the webhook and the live update each take seconds on a busy machine.
  test.setTimeout(180_000);
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "DRAFT" });
  const page = await pageAs(shipper);
  await page.goto("/shipper/billing");
  await expect(page.getByText("No invoices yet")).toBeVisible();

  await page.goto(`/shipper/${shipment.id}`);
  await page.getByRole("button", { name: "Post to load board", exact: true }).click();
  await payAndWaitUntilPosted(page);

  await page.getByRole("link", { name: "Billing", exact: true }).click();
  await page.waitForURL(/\/shipper\/billing$/);
  const row = page.getByTestId("invoice-row");
  await expect(row).toHaveCount(1);
  const number = (await row.getByText(/^TT-\d{4}-\d{6}$/).textContent())!;
  expect(number).toMatch(new RegExp(`^TT-${new Date().getUTCFullYear()}-\\d{6}$`));
  await expect(row.getByText("Paid", { exact: true })).toBeVisible();
  await expect(row.getByText(usd(shipment.priceCents))).toBeVisible();
  await expect(row.getByRole("link", { name: shipment.reference })).toBeVisible();

  const downloading = page.waitForEvent("download");
  await row.getByRole("link", { name: `Download invoice ${number} as PDF` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${number}.pdf`);
  const text = await pdfText(await download.path());
  expect(text).toContain(`Invoice number: ${number}`);
  expect(text).toContain("UTC");
  expect(text).toContain(shipper.email);
  expect(text).toContain(`Shipment ${shipment.reference}`);
  expect(text).toContain(usd(shipment.priceCents));
  expect(text).toContain(usd(shipment.platformFeeCents));
});
