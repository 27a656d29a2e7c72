// Password hashing (bcrypt, cost 12, over a fixed-length pre-hash) and the password policy: 8-128 characters, not
// a common password.
import bcrypt from "bcryptjs";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export const BCRYPT_COST = 12;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** bcrypt reads at most this many bytes of its input and silently ignores the rest. */
export const BCRYPT_MAX_BYTES = 72;

/** Marks a hash of the pre-hashed password; a stored hash without it is plain bcrypt of the password (legacy). */
const V2_PREFIX = "v2";

/**
 * The password as bcrypt sees it: base64 of HMAC-SHA-256 of its UTF-8 bytes, 44 ASCII characters with no NUL, so
 * every character of a password up to 128 characters (emoji included) counts, where plain bcrypt keeps only the
 * first 72 bytes. The key is a fixed public label, not a secret: it only separates these digests from plain
 * SHA-256 ones, so a leaked list of unsalted SHA-256 password hashes cannot be matched against ours
 * ("password shucking"); changing it would invalidate every stored hash.
 */
function preHash(plain: string): string {
  return createHmac("sha256", "trial-transport/password/v2").update(plain, "utf8").digest("base64");
}

/** A hash to store for `plain`: "v2" followed by the bcrypt hash (cost 12) of its pre-hash, 62 characters. */
export async function hashPassword(plain: string): Promise<string> {
  return V2_PREFIX + (await bcrypt.hash(preHash(plain), BCRYPT_COST));
}

/**
 * Whether `plain` matches the stored `hash`. A legacy hash (plain bcrypt of the password, from before the pre-hash)
 * is accepted only for a password of at most 72 UTF-8 bytes: bcrypt saw only the first 72 bytes of a longer one,
 * so every password sharing those bytes would match and the answer would be meaningless. Such a user signs in
 * with a shorter password or resets theirs. Either kind costs one bcrypt comparison, so timing reveals neither.
 */
export async function verifyPassword(plain: string, hash: string): Promise<boolean> {
  if (hash.startsWith(V2_PREFIX + "$")) return bcrypt.compare(preHash(plain), hash.slice(V2_PREFIX.length));
  const matches = await bcrypt.compare(plain, hash);
  return matches && Buffer.byteLength(plain, "utf8") <= BCRYPT_MAX_BYTES;
}

/** Whether a stored hash is in the legacy format and should be replaced by `hashPassword` at the next sign-in. */
export function needsRehash(hash: string): boolean {
  return !hash.startsWith(V2_PREFIX + "$");
}

/** A hash to compare against when the account does not exist, so timing does not reveal registered emails. */
const DUMMY_HASH = "v2$2b$12$0JoNJ0qAHKabgsF9bUbfNO4idyal/lTRT/dTn9V.QUFrm61c0cHnS";
/** The same work as `verifyPassword` against a current hash (one HMAC, one bcrypt at cost 12); always fails. */
export async function burnPasswordCheck(plain: string): Promise<void> {
  await verifyPassword(plain, DUMMY_HASH);
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
