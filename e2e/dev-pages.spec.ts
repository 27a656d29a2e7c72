import { expect, test } from "@playwright/test";

// The development pages read the local stand-ins' logs (emails, Inngest runs) and fire crons: a production build
// (what e2e runs, `next start`) must not serve them to anyone.
for (const path of ["/dev/runs", "/dev/outbox", "/dev/runs?fn=trial-transport-expire-stale-loads"]) {
  test(`${path} is not found in production`, async ({ page }) => {
    const res = await page.goto(path);
    expect(res?.status()).toBe(404);
    await expect(page.locator("body")).not.toContainText(/Dev run log|Dev outbox|Run expire-stale-loads now/);
  });
}
