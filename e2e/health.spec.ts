import { expect, test } from "@playwright/test";

test("health endpoint reports the database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as {
    status: string;
    db: { ok: boolean; kind: string; latencyMs: number };
    version: string;
  };
  expect(body.status).toBe("ok");
  expect(body.db.ok).toBe(true);
  expect(body.db.kind).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  // Every answer names its request, so an operator can find its log line.
  expect(res.headers()["x-request-id"]).toMatch(/^[A-Za-z0-9_-]{22}$/);
});

test("the readiness view reports the database, the configured stand-ins and the outbox, with no secret", async ({
  request,
}) => {
  const res = await request.get("/api/health?view=ready");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as {
    status: string;
    db: { ok: boolean };
    services: { name: string; reachable: boolean }[];
    outbox: { unsent: number; oldestUnsentAgeSec: number | null };
  };
  expect(body.db.ok).toBe(true);
  // The e2e run starts the devstack: email, realtime and jobs at least are configured and up.
  const reachable = Object.fromEntries(body.services.map((s) => [s.name, s.reachable]));
  expect(reachable).toMatchObject({ email: true, realtime: true, jobs: true });
  expect(typeof body.outbox.unsent).toBe("number");
  expect(JSON.stringify(body)).not.toMatch(/https?:\/\/|secret|key/i);
});

// The database's kind and latency are for machines (/api/health above), not for every visitor of the home page.
test("the public home page shows no internal system details", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create account" })).toBeVisible();
  // Whatever the page fetches after loading has arrived by now.
  await page.waitForLoadState("networkidle");
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/postgres|pglite|database|latency|\d+(\.\d+)? ?ms\b/i);
});
