// VAPID keys (RFC 8292) identify this app to push services. Production takes them from the environment
// (NEXT_PUBLIC_VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT); elsewhere, when they are unset, a pair is
// generated once into .data/web-push/vapid.json so `npm run dev` and the tests work with no setup. Subscriptions are
// bound to the public key: changing keys means every browser has to subscribe again.
import { env } from "~/env";
import { localVapidKeys } from "./local-keys";

export type TVapidKeys = { publicKey: string; privateKey: string; subject: string };

const DEFAULT_SUBJECT = "mailto:ops@trial-transport.test";

let local: { publicKey: string; privateKey: string } | null = null;

/**
 * The VAPID keys (base64url: 65-byte public, 32-byte private) and subject (mailto: or https: URL), or null when
 * push is not configured (production without the env vars). Outside production, missing keys are read from, or
 * generated into, `.data/web-push/vapid.json` (the first process to write it wins; the others read it).
 */
export function vapidKeys(): TVapidKeys | null {
  const subject = env.VAPID_SUBJECT ?? DEFAULT_SUBJECT;
  if (env.NEXT_PUBLIC_VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) {
    return { publicKey: env.NEXT_PUBLIC_VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject };
  }
  if (env.NODE_ENV === "production") return null;
  local ??= localVapidKeys();
  return { ...local, subject };
}
