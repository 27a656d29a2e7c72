// Issue 8: what a newcomer tried. An invalid or expired tracking link is a real 404 (page and preview image), the
// shipper's search finds cities, and the admin shipment list pages without repeating a row when a shipment is
// created between two pages. Data: the seed's demo accounts and shipments, plus a draft this spec creates.
import { type APIRequestContext, expect, test } from "@playwright/test";

import { signInAs } from "./support";

test("a link that names nothing (unknown, malformed or expired tracking link, unknown id) answers 404", async ({
  page,
  request,
}) => {
  // "abcdefghij%00": a NUL inside the token once made the preview image a 500 (it skipped the procedure's schema).
  for (const token of ["not-a-real-token", "x", "abcdefghij%00"]) {
    const response = await page.goto(`/track/${token}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This tracking link is not valid" })).toBeVisible();
    await expect(page.getByText(/ask the sender for a new link/)).toBeVisible();
    // The preview image of a link we never issued is not an image of anything.
    expect((await request.get(`/track/${token}/opengraph-image`)).status()).toBe(404);
  }

  await signInAs(page, "admin@demo.test");
  // Every detail page answers an id that names nothing the same way.
  for (const path of ["/admin/shipments/s-not-a-shipment", "/admin/users/not-a-user"]) {
    expect((await page.goto(path))?.status()).toBe(404);
  }

  // The seed's oldest completed deliveries were delivered weeks ago: their links expired 7 days after.
  await page.goto("/admin/shipments?status=COMPLETED");
  await page.getByRole("link", { name: /^TT-/ }).last().click();
  const link = page.getByRole("link", { name: /Open the public tracking page/ });
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/track\//);
  expect((await page.goto(href!))?.status()).toBe(404);
  expect((await request.get(`${href!}/opengraph-image`)).status()).toBe(404);
});

test("the shipper's search finds shipments by city, in any case", async ({ page }) => {
  await signInAs(page, "shipper@demo.test");
  await page.goto("/shipper");
  await page.getByLabel("Search by reference or city", { exact: true }).fill("  NASHVILLE ");
  const rows = page.locator("tbody tr");
  await expect(rows.first()).toContainText("Nashville");
  for (const row of await rows.all()) await expect(row).toContainText("Nashville");
});

/** A draft created by the seeded shipper through the API, as the app's own client sends it. */
async function createDraft(request: APIRequestContext, baseURL: string) {
  const t = Date.now() + 24 * 3600_000;
  const at = (ms: number) => new Date(t + ms).toISOString();
  const shipment = {
    pickup: {
      address: "233 S Wacker Dr",
      city: "Chicago",
      lat: 41.8781,
      lng: -87.6298,
      windowStart: at(0),
      windowEnd: at(4 * 3600_000),
    },
    dropoff: {
      address: "1 Woodward Ave",
      city: "Detroit",
      lat: 42.3314,
      lng: -83.0458,
      windowStart: at(6 * 3600_000),
      windowEnd: at(10 * 3600_000),
    },
    cargo: { description: "Pallets created between two admin pages", weightKg: 500, vehicleType: "VAN" },
    recipient: { name: "Paging Recipient" },
  };
  const dates = ["pickup.windowStart", "pickup.windowEnd", "dropoff.windowStart", "dropoff.windowEnd"];
  const response = await request.post("/api/trpc/shipment.create", {
    headers: { "content-type": "application/json", "x-trpc-source": "nextjs-react", origin: baseURL },
    // superjson's wire format: the window instants travel as Dates.
    data: {
      json: { shipment, post: false },
      meta: { values: Object.fromEntries(dates.map((d) => [`shipment.${d}`, ["Date"]])) },
    },
  });
  expect(response.status()).toBe(200);
}

test("admin shipments: a draft created between page 1 and page 2 does not repeat a row", async ({
  page,
  browser,
  baseURL,
}) => {
  await signInAs(page, "admin@demo.test");
  await page.goto("/admin/shipments");
  const references = page.getByRole("link", { name: /^TT-/ });
  await expect(references).toHaveCount(25);
  const page1 = await references.allTextContents();

  // Elsewhere, a shipper saves a new draft: it sorts above everything the admin has seen.
  const shipper = await browser.newContext();
  const shipperPage = await shipper.newPage();
  await signInAs(shipperPage, "shipper@demo.test");
  await createDraft(shipperPage.request, baseURL!);
  await shipper.close();

  await page.getByRole("link", { name: "Next", exact: true }).click();
  await expect(page.getByText(/^Showing 2\d–/)).toBeVisible();
  const page2 = await references.allTextContents();
  expect(page2.filter((ref) => page1.includes(ref))).toEqual([]);
  // Row 27 or later: the 25 rows already read and the new draft come before it (specs running beside this one may
  // add shipments of their own meanwhile: the admin list holds everyone's).
  const showing = await page.getByText(/^Showing \d+–/).textContent();
  expect(Number(/^Showing (\d+)–/.exec(showing ?? "")?.[1])).toBeGreaterThanOrEqual(27);

  // Back: the same first page the admin read, with the new draft counted above it.
  await page.getByRole("link", { name: "Previous", exact: true }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(references).toHaveCount(25);
  expect(await references.allTextContents()).toEqual(page1);
});
