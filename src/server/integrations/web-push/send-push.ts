// Sends a web push notification to every browser a user subscribed (PushSubscription rows), through the `web-push`
// library's VAPID signing and payload encryption. The request goes out with fetch, not web-push's sendNotification,
// which only speaks https and so cannot reach the local push service used in development and tests.
import webpush from "web-push";

import { db } from "~/server/db";
import { ChannelError } from "~/server/integrations/channel-error";
import { vapidKeys } from "./vapid";

/** What the service worker (public/sw.js) shows: a title, a line of text and the app path opened on click. */
export type TPushPayload = { title: string; body: string; url: string };

/** How long a push service keeps an undelivered notification for an offline browser: 24 hours, in seconds. */
const TTL_SECONDS = 24 * 3600;

/**
 * Pushes `payload` ({ title, body, url: an app path like "/shipper/abc" }) to each of the user's subscriptions.
 * Returns how many push services accepted it (`sent`) and how many subscriptions were gone (404/410: the row is
 * deleted, `removed`). No subscriptions: `{ sent: 0, removed: 0 }`.
 *
 * Throws ChannelError when push is not configured (permanent, code "not_configured"), or when no subscription took
 * the message and at least one failed otherwise (permanent for a 4xx refusal, e.g. a VAPID key mismatch; not
 * permanent for 429, 5xx or an unreachable service). When some succeed, failures of the others are not thrown, so a
 * retry cannot repeat the notification on the devices that showed it.
 */
export async function sendPushToUser(
  userId: string,
  payload: TPushPayload,
): Promise<{ sent: number; removed: number }> {
  const keys = vapidKeys();
  if (!keys) {
    throw new ChannelError({
      permanent: true,
      code: "not_configured",
      message: "Web push is not configured (NEXT_PUBLIC_VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY).",
    });
  }
  const subscriptions = await db.pushSubscription.findMany({
    where: { userId },
    select: { id: true, endpoint: true, p256dh: true, auth: true },
  });
  const body = JSON.stringify(payload);
  let sent = 0;
  let removed = 0;
  const failures: { status: number | null; message: string }[] = [];

  await Promise.all(
    subscriptions.map(async (sub) => {
      const details = webpush.generateRequestDetails(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        body,
        {
          vapidDetails: keys,
          TTL: TTL_SECONDS,
          urgency: "high",
          contentEncoding: "aes128gcm",
        },
      );
      let res: Response;
      try {
        res = await fetch(details.endpoint, {
          method: details.method,
          headers: details.headers as Record<string, string>,
          body: details.body ? new Uint8Array(details.body) : undefined,
          signal: AbortSignal.timeout(10_000),
          redirect: "error",
        });
        await res.arrayBuffer();
      } catch (e) {
        failures.push({ status: null, message: e instanceof Error ? e.message : String(e) });
        return;
      }
      if (res.status === 404 || res.status === 410) {
        const r = await db.pushSubscription.deleteMany({ where: { id: sub.id } });
        removed += r.count;
      } else if (res.ok) {
        sent += 1;
      } else {
        failures.push({ status: res.status, message: `push service answered ${res.status}` });
      }
    }),
  );

  if (sent === 0 && failures.length > 0) {
    const permanent = failures.every((f) => f.status !== null && f.status >= 400 && f.status < 500 && f.status !== 429);
    throw new ChannelError({
      permanent,
      code: failures[0]?.status ? `http_${failures[0].status}` : "unreachable",
      message: `No push service took the notification: ${failures.map((f) => f.message).join("; ")}`,
    });
  }
  return { sent, removed };
}
