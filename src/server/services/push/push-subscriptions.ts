// Browsers' push subscriptions, saved from the account page. The server later POSTs to each endpoint, so an
// endpoint is an outbound URL chosen by a user: only the big push services' hosts are accepted (no request to an
// internal address can be planted), plus loopback outside production for the local push service.
import { env } from "~/env";
import { AppError } from "~/lib/app-error";
import type { TPushSubscription } from "~/lib/schemas/push-subscription";
import { db } from "~/server/db";

/** Push services of Chrome/Edge/Opera (FCM), Firefox (Mozilla autopush), Windows (WNS) and Safari (Apple). */
const PUSH_HOSTS = [
  /^fcm\.googleapis\.com$/,
  /^updates\.push\.services\.mozilla\.com$/,
  /\.notify\.windows\.com$/,
  /^web\.push\.apple\.com$/,
  /\.push\.apple\.com$/,
];
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Whether the server may send to `endpoint`: https to a known push service; or a loopback address (the local push
 * service) outside production, or when the app itself is served from loopback (APP_URL: a production build under
 * test on this machine, never a deployment).
 */
export function isAllowedPushEndpoint(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  const appIsLocal = LOOPBACK.has(new URL(env.APP_URL).hostname);
  if ((env.NODE_ENV !== "production" || appIsLocal) && LOOPBACK.has(url.hostname)) return true;
  return url.protocol === "https:" && !url.port && PUSH_HOSTS.some((re) => re.test(url.hostname));
}

/**
 * Saves the browser subscription `subscription` for `userId` (`userAgent` to name the device). An endpoint saved
 * before, by this or another account (one browser, someone else signed in), now belongs to `userId` with the new
 * keys. Throws AppError BAD_REQUEST (field `endpoint`) for an endpoint that is not a known push service.
 */
export async function savePushSubscription(opts: {
  userId: string;
  subscription: TPushSubscription;
  userAgent: string | null;
}): Promise<{ id: string }> {
  const { endpoint, keys } = opts.subscription;
  if (!isAllowedPushEndpoint(endpoint)) {
    const message = "This browser's push service is not one the app can send to.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { endpoint: [message] } });
  }
  const userAgent = opts.userAgent?.slice(0, 300) ?? null;
  return db.pushSubscription.upsert({
    where: { endpoint },
    create: { userId: opts.userId, endpoint, p256dh: keys.p256dh, auth: keys.auth, userAgent },
    update: { userId: opts.userId, p256dh: keys.p256dh, auth: keys.auth, userAgent },
    select: { id: true },
  });
}

/** Forgets the subscription at `endpoint` if it is `userId`'s (another account's is left alone). Returns how many. */
export async function removePushSubscription(opts: { userId: string; endpoint: string }): Promise<{ removed: number }> {
  const r = await db.pushSubscription.deleteMany({ where: { userId: opts.userId, endpoint: opts.endpoint } });
  return { removed: r.count };
}

/** How many browsers `userId` has subscribed. */
export async function countPushSubscriptions(userId: string): Promise<number> {
  return db.pushSubscription.count({ where: { userId } });
}
