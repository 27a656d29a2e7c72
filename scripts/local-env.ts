// Loads .env, then gives local runs (dev server, seed, migrations, tests) a generated AUTH_SECRET kept in
// .data/auth-secret when none is configured, so no secret ever lives in the repository.
import "dotenv/config";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function ensureLocalAuthSecret(dataDir = ".data"): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
  return process.env.AUTH_SECRET;
}

ensureLocalAuthSecret();
