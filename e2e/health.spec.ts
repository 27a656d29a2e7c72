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
});

test("home page shows live system status through tRPC", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("system-status")).toContainText("All systems operational");
});
