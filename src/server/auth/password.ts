// Password hashing (bcrypt, cost 12) and the password policy: 8-128 characters, not a common password.
import bcrypt from "bcryptjs";
import { readFileSync } from "node:fs";
import path from "node:path";

export const BCRYPT_COST = 12;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, BCRYPT_COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** A hash to compare against when the account does not exist, so timing does not reveal registered emails. */
const DUMMY_HASH = "$2b$12$0JoNJ0qAHKabgsF9bUbfNO4idyal/lTRT/dTn9V.QUFrm61c0cHnS";
export async function burnPasswordCheck(plain: string): Promise<void> {
  await bcrypt.compare(plain, DUMMY_HASH);
}

let common: Set<string> | null = null;

/** The list ships with the project (src/server/auth/common-passwords.txt), lower-cased, one per line. */
export function isCommonPassword(plain: string): boolean {
  common ??= new Set(
    readFileSync(path.join(process.cwd(), "src/server/auth/common-passwords.txt"), "utf8")
      .split("\n")
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith("#")),
  );
  return common.has(plain.toLowerCase());
}

/** Field message for a password that breaks the policy, or null when it is acceptable. */
export function passwordProblem(plain: string): string | null {
  if (plain.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (plain.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (isCommonPassword(plain)) return "This password is too common. Choose one that is harder to guess.";
  return null;
}
