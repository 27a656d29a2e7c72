// One-click unsubscribe links (RFC 8058): a token naming the person and the notification type, signed with
// AUTH_SECRET, so the link works signed out and cannot be forged for someone else or another type. It does not
// expire: an unsubscribe link in an old email must still work (CAN-SPAM asks for 30 days at least).
import { createHmac, timingSafeEqual } from "node:crypto";

import { env } from "~/env";
import type { NotificationType } from "~/generated/prisma/enums";
import { notificationTypes } from "./catalogue";
import { setPreference } from "./preferences";

const sign = (payload: string) =>
  createHmac("sha256", env.AUTH_SECRET).update(`unsubscribe:${payload}`).digest("base64url");

/** The token for `userId` and `type`: `<base64url(userId:type)>.<HMAC-SHA256>`. */
export function unsubscribeToken(userId: string, type: NotificationType): string {
  const payload = Buffer.from(`${userId}:${type}`).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The person and type a token names, or null for a token that is malformed or not signed by this app. */
export function readUnsubscribeToken(token: string): { userId: string; type: NotificationType } | null {
  const [payload, mac, ...rest] = token.split(".");
  if (!payload || !mac || rest.length > 0 || token.length > 300) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [userId, type] = Buffer.from(payload, "base64url").toString("utf8").split(":");
  if (!userId || !notificationTypes.includes(type as NotificationType)) return null;
  return { userId, type: type as NotificationType };
}

/** The page a person opens from the email (GET shows a button; nothing changes until they press it). */
export const unsubscribePageUrl = (token: string) => `${env.APP_URL}/unsubscribe?token=${encodeURIComponent(token)}`;
/** The `List-Unsubscribe` target mail clients POST `List-Unsubscribe=One-Click` to (RFC 8058). */
export const unsubscribePostUrl = (token: string) =>
  `${env.APP_URL}/api/unsubscribe?token=${encodeURIComponent(token)}`;

/**
 * Turns EMAIL off for the type the token names. Resolves to what was turned off, or null for a bad token (nothing
 * changes). Idempotent. The user may have been deleted since: then nothing changes either.
 */
export async function unsubscribe(token: string): Promise<{ userId: string; type: NotificationType } | null> {
  const target = readUnsubscribeToken(token);
  if (!target) return null;
  try {
    await setPreference({ ...target, channel: "EMAIL", enabled: false });
  } catch (error) {
    // P2003: the user is gone, so there is nobody to email anyway.
    if ((error as { code?: string }).code === "P2003") return null;
    throw error;
  }
  return target;
}
