// bcrypt keeps only the first 72 bytes of its input; the pre-hash makes every character of a password count, and
// hashes stored before it (plain bcrypt) keep working for the passwords they can vouch for.
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";

import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from "~/server/auth/password";

const stem = "Q7#" + "x".repeat(69); // exactly 72 bytes
const first = stem + "-first-suffix";
const other = stem + "-totally-different";

describe("password hashing", () => {
  it("counts every character: passwords sharing their first 72 bytes do not verify against each other", async () => {
    const hash = await hashPassword(first);
    expect(hash).toMatch(/^v2\$2[aby]\$12\$/);
    expect(needsRehash(hash)).toBe(false);
    expect(await verifyPassword(first, hash)).toBe(true);
    expect(await verifyPassword(other, hash)).toBe(false);
    expect(await verifyPassword(stem, hash)).toBe(false);
  });

  it("counts every byte of emoji passwords (4 UTF-8 bytes each)", async () => {
    const emoji = "🚚".repeat(18); // 72 bytes
    const hash = await hashPassword(emoji + "🔑");
    expect(await verifyPassword(emoji + "🔑", hash)).toBe(true);
    expect(await verifyPassword(emoji + "🔒", hash)).toBe(false);
    expect(await verifyPassword(emoji, hash)).toBe(false);
    expect(await verifyPassword("🚚🔑🔑🚚🚚🔑🔑🚚", await hashPassword("🚚🔑🔑🚚🚚🔑🔑🚚"))).toBe(true);
    // Six bcrypt runs at cost 12, deliberately slow: a busy machine needs more than the default 5 s.
  }, 30_000);

  it("still verifies a legacy plain-bcrypt hash for a password of at most 72 bytes, and flags it for rehashing", async () => {
    const legacy = await bcrypt.hash("Freight-Demo-2026", 4);
    expect(needsRehash(legacy)).toBe(true);
    expect(await verifyPassword("Freight-Demo-2026", legacy)).toBe(true);
    expect(await verifyPassword("Freight-Demo-2027", legacy)).toBe(false);

    const atLimit = await bcrypt.hash(stem, 4);
    expect(await verifyPassword(stem, atLimit)).toBe(true);
  });

  it("refuses a password longer than 72 bytes against a legacy hash, whose answer would be ambiguous", async () => {
    const legacy = await bcrypt.hash(first, 4);
    // Plain bcrypt cannot tell these apart; verifyPassword refuses both rather than accept the wrong one.
    expect(await bcrypt.compare(other, legacy)).toBe(true);
    expect(await verifyPassword(other, legacy)).toBe(false);
    expect(await verifyPassword(first, legacy)).toBe(false);
  });

  it("burns a full check for unknown emails", async () => {
    await expect(burnPasswordCheck(first)).resolves.toBeUndefined();
  });
});
