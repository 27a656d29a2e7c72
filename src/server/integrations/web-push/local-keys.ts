// The VAPID key pair used where none is configured (development, tests, e2e): generated once into a file under
// .data/ and read back afterwards, so subscriptions made in a browser keep working across restarts. No env access
// here: scripts/e2e.ts uses it to hand the same keys to the server it builds and starts.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

import webpush from "web-push";

export const LOCAL_VAPID_KEYS_FILE = ".data/web-push/vapid.json";

/**
 * The key pair in `file` (base64url public and private keys), generated into it first if missing. The first process
 * to write the file wins; a process that loses the race reads the winner's keys.
 */
export function localVapidKeys(file = LOCAL_VAPID_KEYS_FILE): { publicKey: string; privateKey: string } {
  const path = resolve(file);
  const read = () => {
    const { publicKey, privateKey } = JSON.parse(readFileSync(path, "utf8")) as {
      publicKey: string;
      privateKey: string;
    };
    return { publicKey, privateKey };
  };
  try {
    return read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, JSON.stringify(keys, null, 2), { flag: "wx", mode: 0o600 });
    return keys;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return read();
  }
}
