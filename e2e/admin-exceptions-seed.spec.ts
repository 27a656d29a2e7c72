// Issue 14, "done when": on a fresh clone the admin's exceptions queue is fed by the seed (prisma/seed-exceptions.ts),
// one or more rows of every kind, each with the detail that says what went wrong.
import { expect, test } from "@playwright/test";

import { db } from "./fixtures";
import { signInAs } from "./support";

const kinds: { kind: string; label: string; detail?: RegExp }[] = [
  { kind: "DELIVERY_CODE_LOCKED", label: "Delivery code locked" },
  { kind: "PICKUP_MISSED", label: "Pick-up window missed" },
  { kind: "ETA_LATE", label: "ETA past the drop-off window" },
  { kind: "NO_POSITION", label: "No position for 10+ minutes" },
  { kind: "LOAD_UNFILLED", label: "Posted 4+ hours without a driver" },
  { kind: "NOTIFICATION_FAILED", label: "Notification failed", detail: /EMAIL: 550 5\.1\.1/ },
  { kind: "PAYMENT_FAILED", label: "Payment failed", detail: /insufficient_funds/ },
  { kind: "REFUND_FAILED", label: "Refund failed", detail: /charge_disputed/ },
  { kind: "PAYOUT_FAILED", label: "Payout failed", detail: /account_closed/ },
  { kind: "WEBHOOK_FAILING", label: "Webhook failing (3+ attempts)", detail: /stripe account\.updated/ },
];

test("the seeded database gives the admin's exceptions queue a row of every kind", async ({ page }) => {
  test.slow();
  await signInAs(page, "admin@demo.test");
  for (const k of kinds) {
    await test.step(k.label, async () => {
      await page.goto(`/admin/exceptions?kind=${k.kind}`);
      const rows = page.getByRole("listitem").filter({ has: page.getByText(k.label, { exact: true }) });
      await expect(rows.first()).toBeVisible();
      if (k.detail) await expect(rows.filter({ hasText: k.detail }).first()).toBeVisible();
    });
  }
});

test("a page past the end of the queue says so and links to the last page", async ({ page }) => {
  await signInAs(page, "admin@demo.test");
  await page.goto("/admin/exceptions?page=99");
  await expect(page.getByText("Page 99 is past the end")).toBeVisible();
  await expect(page.getByText("Nothing needs attention")).toHaveCount(0);
  const last = page.getByRole("link", { name: /^Go to page \d+$/ });
  await last.click();
  await expect(page).toHaveURL(/\/admin\/exceptions(\?page=\d+)?$/);
  await expect(page.getByText("Page 99 is past the end")).toHaveCount(0);
});

test("a failing webhook is named by its event and can be replayed", async ({ page }) => {
  // A copy of the seeded event, so replaying it (which may settle it) leaves the seeded row for the test above.
  const seeded = await db.stripeEvent.findUniqueOrThrow({ where: { id: "evt_1SeedWebhookFailing01" } });
  const eventId = `evt_e2eReplay${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const payload = { ...(seeded.payload as Record<string, unknown>), id: eventId };
  await db.stripeEvent.create({ data: { id: eventId, type: seeded.type, processedAt: seeded.processedAt, payload } });
  await db.webhookFailure.create({
    data: {
      id: `stripe-${eventId}`,
      provider: "stripe",
      eventId,
      eventType: seeded.type,
      attempts: 4,
      lastError: "No driver has the Connect account acct_1SeedUnknownAcct",
      firstFailedAt: new Date(Date.now() - 3 * 3600_000),
      lastFailedAt: new Date(Date.now() - 20 * 60_000),
    },
  });
  await signInAs(page, "admin@demo.test");
  await page.goto("/admin/exceptions?kind=WEBHOOK_FAILING");
  await expect(page.getByRole("listitem").filter({ hasText: "Stripe event evt_1SeedWebhookFailing01" })).toBeVisible();
  const row = page.getByRole("listitem").filter({ hasText: `Stripe event ${eventId}` });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: /^Act/ })).toHaveAttribute("href", "/admin/payouts");
  // A second tab has the same replay form open.
  const other = await page.context().newPage();
  await other.goto("/admin/exceptions?kind=WEBHOOK_FAILING");
  const otherRow = other.getByRole("listitem").filter({ hasText: `Stripe event ${eventId}` });
  await otherRow.getByRole("button", { name: /^Replay/ }).click();
  await otherRow.getByLabel("Reason").fill("Also re-linked here");

  await row.getByRole("button", { name: /^Replay/ }).click();
  await row.getByLabel("Reason").fill("Connect account re-linked");
  await row.getByRole("button", { name: "Replay", exact: true }).click();
  // Said above the list, not in the row: a replay that succeeds at once takes the row out of the queue.
  await expect(page.getByRole("status").filter({ hasText: `Stripe event ${eventId}` })).toContainText(
    "sent to be applied again",
  );
  await expect(row.getByRole("button", { name: /^Replay/ })).toHaveCount(0);

  // Once it is applied, the other tab's replay is told so, and its stale row and form go.
  await expect
    .poll(async () => (await db.stripeEvent.findUniqueOrThrow({ where: { id: eventId } })).appliedAt, {
      timeout: 30_000,
    })
    .not.toBeNull();
  await otherRow.getByRole("button", { name: "Replay", exact: true }).click();
  await expect(other.getByRole("status").filter({ hasText: "was no longer open" })).toBeVisible();
  await expect(otherRow).toHaveCount(0);
});
