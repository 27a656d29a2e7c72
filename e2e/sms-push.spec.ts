// Text messages and push notifications from the account page, in Chromium: a phone number verified with the code
// read from the Twilio stand-in's outbox, and push notifications turned on and off.
//
// Chromium's own push service (Google's FCM) is out of reach here, so the one thing swapped is the browser's
// PushManager.subscribe: it asks the local push service (devstack/webpush, started by this test) for the
// subscription, with the applicationServerKey the page passes, instead of FCM. The permission prompt, the service
// worker's registration, the app's saving of the subscription and the server's VAPID-signed, encrypted send are
// the real ones; the local push service checks the VAPID key is the one the page subscribed with and decrypts.
import { startWebPushStandIn, type TStandInSubscription, type TWebPushStandIn } from "../devstack/webpush/server";
import { sendPushToUser } from "~/server/integrations/web-push/send-push";
import { db, expect, test } from "./fixtures";

type TTwilioMessage = { to: string; body: string };

/** Polls the Twilio stand-in's outbox (TWILIO_BASE_URL, set by scripts/e2e.ts) for the code texted to `phone`. */
async function codeTextedTo(phone: string): Promise<string> {
  const base = process.env.TWILIO_BASE_URL;
  if (!base) throw new Error("TWILIO_BASE_URL is not set: run this spec through `npm run test:e2e`.");
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/__outbox`);
    const { messages } = (await res.json()) as { messages: TTwilioMessage[] };
    const code = /\b(\d{6})\b/.exec(messages.find((m) => m.to === phone)?.body ?? "")?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No code texted to ${phone} within 10 s.`);
}

test("a shipper verifies a phone number with the code texted to it", async ({ pageAs, shipper }) => {
  const page = await pageAs(shipper);
  const digits = String(Math.floor(Math.random() * 1e7)).padStart(7, "0");
  const phone = `+1312${digits}`;
  await page.goto("/account");
  const card = page.getByRole("region", { name: "Text messages" });
  await card.getByLabel("Mobile number").fill(`+1 312 ${digits.slice(0, 3)} ${digits.slice(3)}`);
  await card.getByRole("button", { name: "Text me a code" }).click();
  await expect(card.getByText(`We texted a code to ${phone}`)).toBeVisible();

  // A wrong code is refused beside the field.
  const code = await codeTextedTo(phone);
  await card.getByLabel("6-digit code").fill(code === "000000" ? "111111" : "000000");
  await card.getByRole("button", { name: "Verify number" }).click();
  await expect(card.getByText("That code is wrong or has expired")).toBeVisible();

  await card.getByLabel("6-digit code").fill(code);
  await card.getByRole("button", { name: "Verify number" }).click();
  await expect(card.getByText("Verified", { exact: true })).toBeVisible();
  await expect(card.getByText(phone)).toBeVisible();
  const user = await db.user.findUniqueOrThrow({ where: { id: shipper.id } });
  expect(user.phone).toBe(phone);
  expect(user.phoneVerifiedAt).not.toBeNull();

  await page.reload();
  await expect(card.getByText("Verified", { exact: true })).toBeVisible();
});

test.describe("push notifications", () => {
  let pushService: TWebPushStandIn;
  test.beforeAll(async () => {
    pushService = await startWebPushStandIn();
  });
  test.afterAll(() => pushService.close());

  test("turning push on in Chromium saves a subscription, and a push reaches the push service", async ({
    pageAs,
    driver,
  }) => {
    const page = await pageAs(driver, { permissions: ["notifications"] });
    await page.exposeFunction("__e2eSubscribeAtLocalPushService", (key: string): TStandInSubscription => {
      return pushService.subscribe(key);
    });
    await page.addInitScript(() => {
      type TSub = { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
      const w = window as unknown as { __e2eSubscribeAtLocalPushService(key: string): Promise<TSub> };
      let current: PushSubscription | null = null;
      const b64url = (buf: ArrayBuffer | ArrayBufferView) => {
        const bytes =
          buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
        return btoa(String.fromCharCode(...bytes))
          .replace(/\+/g, "-")
          .replace(/\//g, "_")
          .replace(/=+$/, "");
      };
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        const key = options?.applicationServerKey;
        if (!key || typeof key === "string") throw new Error("the app must pass its key as bytes");
        const json = await w.__e2eSubscribeAtLocalPushService(b64url(key));
        current = {
          endpoint: json.endpoint,
          expirationTime: null,
          options: { userVisibleOnly: true, applicationServerKey: null },
          toJSON: () => json,
          getKey: () => null,
          unsubscribe: async () => {
            current = null;
            return true;
          },
        } as unknown as PushSubscription;
        return current;
      };
      PushManager.prototype.getSubscription = async () => current;
    });

    await page.goto("/account");
    const card = page.getByRole("region", { name: "Push notifications" });
    await expect(card.getByText("Off for this browser")).toBeVisible();
    await card.getByRole("button", { name: "Turn on push notifications" }).click();
    await expect(card.getByText("On for this browser")).toBeVisible();

    // The real service worker is registered and active.
    const scriptURL = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(scriptURL).toMatch(/\/sw\.js$/);

    const rows = await db.pushSubscription.findMany({ where: { userId: driver.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.endpoint.startsWith(`${pushService.url}/push/`)).toBe(true);

    // The server's send (what the notification service calls) reaches the push service, decryptable, under the
    // VAPID key the browser subscribed with.
    const payload = { title: "Pick-up in 60 minutes", body: "TT-7K3F9Q at Chicago, IL", url: "/driver" };
    expect(await sendPushToUser(driver.id, payload)).toEqual({ sent: 1, removed: 0 });
    const received = pushService.messages().find((m) => m.endpoint === rows[0]?.endpoint);
    expect(received && JSON.parse(received.payload)).toEqual(payload);

    await card.getByRole("button", { name: "Turn off push notifications" }).click();
    await expect(card.getByText("Off for this browser")).toBeVisible();
    expect(await db.pushSubscription.count({ where: { userId: driver.id } })).toBe(0);
  });
});
