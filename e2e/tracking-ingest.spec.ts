// The ping ingest as the driver's phone reaches it in a real browser (session cookie, the browser's own Origin and
// Sec-Fetch-Site, keepalive), and the trail read back through tRPC by the shipper and, signed out, by the link.
import { db, expect, makeShipment, test } from "./fixtures";

test("a driver's batch posted from the browser is stored once and read back by the shipper and the public link", async ({
  driver,
  shipper,
  pageAs,
  browser,
}) => {
  const { shipment, trackingToken } = await makeShipment({
    shipperId: shipper.id,
    driverId: driver.id,
    status: "IN_TRANSIT",
  });
  const t0 = Date.now() - 60_000;
  const pings = [0, 1, 2].map((i) => ({
    shipmentId: shipment.id,
    lat: 42 + i / 100,
    lng: -87.9,
    accuracyM: 10,
    speedKmh: 70,
    headingDeg: 0,
    recordedAt: t0 + i * 5_000,
  }));

  const driverPage = await pageAs(driver);
  await driverPage.goto("/driver");
  const send = () =>
    driverPage.evaluate(
      async (body) => {
        const res = await fetch("/api/tracking/pings", {
          method: "POST",
          keepalive: true,
          headers: { "content-type": "application/json", "x-trpc-source": "driver-app" },
          body: JSON.stringify(body),
        });
        return {
          status: res.status,
          body: (await res.json()) as { results: { status: string }[]; etaAt: string | null },
        };
      },
      { pings },
    );

  const first = await send();
  expect(first.status).toBe(200);
  expect(first.body.results.map((r) => r.status)).toEqual(["stored", "stored", "stored"]);
  expect(Date.parse(first.body.etaAt ?? "")).toBeGreaterThan(t0);
  const again = await send();
  expect(again.body.results.map((r) => r.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
  expect(await db.locationPing.count({ where: { shipmentId: shipment.id } })).toBe(3);

  const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));
  const shipperPage = await pageAs(shipper);
  const own = await shipperPage.request.get(`/api/trpc/tracking.positions?input=${input({ shipmentId: shipment.id })}`);
  expect(own.status()).toBe(200);
  const ownPoints = ((await own.json()) as { result: { data: { json: { points: { recordedAt: number }[] } } } }).result
    .data.json.points;
  expect(ownPoints.map((p) => p.recordedAt)).toEqual(pings.map((p) => p.recordedAt));

  const stranger = await browser.newContext();
  try {
    const res = await stranger.request.get(
      new URL(
        `/api/trpc/tracking.positionsByToken?input=${input({ token: trackingToken, since: pings[0]!.recordedAt })}`,
        driverPage.url(),
      ).href,
    );
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { result: { data: { json: { points: { recordedAt: number }[] } } } };
    expect(body.result.data.json.points.map((p) => p.recordedAt)).toEqual(pings.slice(1).map((p) => p.recordedAt));
  } finally {
    await stranger.close();
  }
});

test("the ingest refuses a shipper and a signed-out browser", async ({ shipper, pageAs, page }) => {
  const body = { pings: [{ shipmentId: "x", lat: 0, lng: 0, recordedAt: Date.now() }] };
  const post = (p: typeof page) =>
    p.evaluate(
      async (b) =>
        (
          await fetch("/api/tracking/pings", {
            method: "POST",
            headers: { "content-type": "application/json", "x-trpc-source": "driver-app" },
            body: JSON.stringify(b),
          })
        ).status,
      body,
    );
  await page.goto("/");
  expect(await post(page)).toBe(401);
  const shipperPage = await pageAs(shipper);
  await shipperPage.goto("/shipper");
  expect(await post(shipperPage)).toBe(403);
});
