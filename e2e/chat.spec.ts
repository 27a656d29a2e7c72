// The shipment chat as two people use it at once: the shipper and the assigned driver, each in their own browser
// context, with live delivery over the Pusher stand-in, the typing indicator, read receipts, the unread badge, a
// message written offline, and markup that must stay text.
import type { Page } from "@playwright/test";

import { db, expect, makeShipment, type TE2eUser, test } from "./fixtures";

async function chatOf(page: Page) {
  const chat = page.getByTestId("shipment-chat");
  // The job page may still be swapping its first render for the live one: retry until the chat holds still.
  await expect(async () => {
    await chat.scrollIntoViewIfNeeded({ timeout: 2_000 });
    await expect(chat.getByLabel("Message", { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass();
  return chat;
}

/** The chat's subscription is live (the connection indicator says so), so client events can be sent. */
async function live(page: Page) {
  await expect(page.getByTestId("shipment-chat").locator('[data-realtime="live"]')).toBeVisible();
}

// Two browser contexts on a machine shared with the server and the build: give each test three times the default.
test.slow();

function badge(page: Page) {
  return page.getByTestId("unread-messages").locator("summary");
}

async function setUp(shipper: TE2eUser, driver: TE2eUser) {
  const { shipment } = await makeShipment({ shipperId: shipper.id, status: "IN_TRANSIT", driverId: driver.id });
  return shipment;
}

test("shipper and driver chat live: delivery, typing, unread badge, Seen, and markup shown as text", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const shipment = await setUp(shipper, driver);
  const s = await pageAs(shipper);
  const d = await pageAs(driver);

  // The shipper waits on their list; the driver writes from the job page.
  await s.goto("/shipper");
  await d.goto(`/driver/jobs/${shipment.id}`);
  const dChat = await chatOf(d);
  await live(d);
  await expect(dChat.getByText("No messages yet.")).toBeVisible();

  const input = dChat.getByLabel("Message", { exact: true });
  await input.fill("At the gate, which dock?");
  await input.press("Enter");
  await expect(dChat.getByText("At the gate, which dock?")).toBeVisible();
  await expect(badge(s)).toHaveAttribute("aria-label", "Messages: 1 unread");

  await input.fill("<script>window.__chatPwned = 1</script>");
  await dChat.getByRole("button", { name: "Send" }).click();
  await expect(badge(s)).toHaveAttribute("aria-label", "Messages: 2 unread");

  // Opening the chat reads it: the badge clears and the driver sees "Seen" under the last message.
  await s.goto(`/shipper/${shipment.id}`);
  const sChat = await chatOf(s);
  await live(s);
  await expect(sChat.getByText("At the gate, which dock?")).toBeVisible();
  await expect(sChat.getByText("<script>window.__chatPwned = 1</script>", { exact: true })).toBeVisible();
  expect(await s.evaluate(() => (window as unknown as { __chatPwned?: number }).__chatPwned)).toBeUndefined();
  // Only what is on screen is marked read: cards that finish loading above the chat can push it below the fold after
  // chatOf scrolled to it, so the shipper looks at it again, as a person would.
  await sChat.scrollIntoViewIfNeeded();
  await expect(s.getByTestId("unread-messages")).toHaveCount(0);
  const lastOfDriver = dChat.locator("li", { hasText: "<script>window.__chatPwned = 1</script>" });
  await expect(lastOfDriver.getByText("Seen", { exact: true })).toBeVisible();

  // Typing shows on the other side, and the reply arrives without a reload.
  const sInput = sChat.getByLabel("Message", { exact: true });
  await sInput.pressSequentially("Dock 4", { delay: 20 });
  await expect(dChat.getByText(`${shipper.name} is typing…`)).toBeVisible();
  await sInput.press("Shift+Enter");
  await sInput.pressSequentially("on the left. https://example.com/map");
  await sInput.press("Enter");
  const reply = dChat.locator("li", { hasText: "Dock 4" });
  await expect(reply).toContainText("on the left.");
  await expect(reply.getByRole("link", { name: "https://example.com/map" })).toHaveAttribute(
    "rel",
    "noopener noreferrer nofollow",
  );
  await expect(reply).toContainText(shipper.name);
});

test("a message written offline waits, then is delivered exactly once when the connection returns", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const shipment = await setUp(shipper, driver);
  const s = await pageAs(shipper);
  const d = await pageAs(driver);
  await s.goto(`/shipper/${shipment.id}`);
  await d.goto(`/driver/jobs/${shipment.id}`);
  const sChat = await chatOf(s);
  const dChat = await chatOf(d);
  await live(s);
  await live(d);

  await d.context().setOffline(true);
  const input = dChat.getByLabel("Message", { exact: true });
  await input.fill("No signal here, arriving in 10");
  await input.press("Enter");
  const waiting = dChat.locator("li", { hasText: "No signal here, arriving in 10" });
  await expect(waiting.getByText("Waiting for connection…")).toBeVisible();
  // Kept on the device: it survives a reload while still offline… (the page itself cannot load offline, so the
  // check is on IndexedDB directly).
  expect(
    await d.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open("tt-chat");
          open.onsuccess = () => {
            const count = open.result.transaction("outbox").objectStore("outbox").count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    ),
  ).toBe(1);

  await d.context().setOffline(false);
  await expect(sChat.getByText("No signal here, arriving in 10")).toHaveCount(1);
  await expect(dChat.getByText("No signal here, arriving in 10")).toHaveCount(1);
  await expect(waiting.getByText("Waiting for connection…")).toHaveCount(0);
  // A reload shows it once, from the server, with nothing left in the outbox.
  await d.reload();
  const again = await chatOf(d);
  await expect(again.getByText("No signal here, arriving in 10")).toHaveCount(1);
  await expect(again.locator("[data-pending]")).toHaveCount(0);
  expect(await db.message.count({ where: { shipmentId: shipment.id } })).toBe(1);
});

test("earlier messages load in pages above the newest ones", async ({ pageAs, shipper, driver }) => {
  const shipment = await setUp(shipper, driver);
  const at = Date.now() - 3600_000;
  await db.message.createMany({
    data: Array.from({ length: 35 }, (_, i) => ({
      shipmentId: shipment.id,
      senderId: i % 2 ? driver.id : shipper.id,
      body: `History message ${i + 1}`,
      createdAt: new Date(at + i * 1000),
    })),
  });
  const s = await pageAs(shipper);
  await s.goto(`/shipper/${shipment.id}`);
  const chat = await chatOf(s);
  await expect(chat.getByText("History message 35", { exact: true })).toBeVisible();
  await expect(chat.getByText("History message 5", { exact: true })).toHaveCount(0);
  await chat.getByRole("button", { name: "Load earlier messages" }).click();
  await expect(chat.getByText("History message 1", { exact: true })).toBeAttached();
  await expect(chat.locator("li[data-message-id]")).toHaveCount(35);
  await expect(chat.getByRole("button", { name: "Load earlier messages" })).toHaveCount(0);
});

test("a message held back by the rate limit waits its turn and goes out by itself, never marked failed", async ({
  pageAs,
  shipper,
  driver,
}) => {
  const shipment = await setUp(shipper, driver);
  const d = await pageAs(driver);
  // The page's clock can be moved forward, so the wait the server asks for does not cost the test a minute.
  await d.clock.install();
  await d.goto(`/driver/jobs/${shipment.id}`);
  const chat = await chatOf(d);
  await live(d);

  // The driver has just sent 20 messages this minute (the limit).
  const key = `chat-send:minute:${driver.id}`;
  await db.rateLimit.upsert({
    where: { key },
    create: { key, count: 20, resetAt: new Date(Date.now() + 60_000) },
    update: { count: 20, resetAt: new Date(Date.now() + 60_000) },
  });
  const input = chat.getByLabel("Message", { exact: true });
  await input.fill("One more: the gate code changed");
  await input.press("Enter");
  const pending = chat.locator('[data-pending="waiting"]');
  await expect(pending).toContainText(/Paused: too many messages in a short time\. Sends by itself in \d+ s\./);
  await expect(chat.getByRole("button", { name: "Retry" })).toHaveCount(0);

  // The minute passes: it is sent once, by itself.
  await db.rateLimit.delete({ where: { key } });
  await d.clock.fastForward(61_000);
  await expect(pending).toHaveCount(0, { timeout: 15_000 });
  await expect(chat.getByText("One more: the gate code changed")).toHaveCount(1);
  await expect
    .poll(() => db.message.count({ where: { shipmentId: shipment.id, body: "One more: the gate code changed" } }))
    .toBe(1);
});
