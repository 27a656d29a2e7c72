// VAPID keys (RFC 8292) identify this app to push services. Production takes them from the environment
// (NEXT_PUBLIC_VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT); elsewhere, when they are unset, a pair is
// generated once into .data/web-push/vapid.json so `npm run dev` and the tests work with no setup. Subscriptions are
// bound to the public key: changing keys means every browser has to subscribe again.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

import webpush from "web-push";

import { env } from "~/env";

export type TVapidKeys = { publicKey: string; privateKey: string; subject: string };

const LOCAL_KEYS_FILE = ".data/web-push/vapid.json";
const DEFAULT_SUBJECT = "mailto:ops@trial-transport.test";

let local: TVapidKeys | null = null;

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
  local ??= readOrCreateLocalKeys(resolve(LOCAL_KEYS_FILE));
  return { ...local, subject };
}

function readOrCreateLocalKeys(file: string): Omit<TVapidKeys, "subject"> & { subject: string } {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as TVapidKeys;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, JSON.stringify({ ...keys, subject: DEFAULT_SUBJECT }, null, 2), { flag: "wx", mode: 0o600 });
    return { ...keys, subject: DEFAULT_SUBJECT };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return JSON.parse(readFileSync(file, "utf8")) as TVapidKeys;
  }
}
