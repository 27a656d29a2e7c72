import { decode as nextAuthDecode, encode as nextAuthEncode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";

import { decodeJwt, encodeJwt } from "./jwt";

const secret = "a-test-secret-that-is-at-least-32-characters-long";
const claims = { sub: "user-1", sid: "session-1", role: "SHIPPER" };

describe("session JWT", () => {
  it("reads cookies written by next-auth, and next-auth reads ours", async () => {
    const theirs = await nextAuthEncode({ token: claims, secret });
    expect(await decodeJwt({ token: theirs, secret })).toMatchObject(claims);

    const ours = await encodeJwt({ token: claims, secret, maxAge: 60 });
    const read = await nextAuthDecode({ token: ours, secret });
    expect(read).toMatchObject(claims);
    expect(read?.exp).toBe((read?.iat as number) + 60);
    expect(typeof read?.jti).toBe("string");
  });

  it("derives a separate key per salt", async () => {
    const salted = await encodeJwt({ token: claims, secret, salt: "other" });
    expect(await decodeJwt({ token: salted, secret, salt: "other" })).toMatchObject(claims);
    await expect(decodeJwt({ token: salted, secret })).rejects.toThrow();
  });

  it("rejects a token sealed with another secret", async () => {
    const token = await encodeJwt({ token: claims, secret: `${secret}-rotated` });
    await expect(decodeJwt({ token, secret })).rejects.toThrow();
  });

  it("rejects a tampered token", async () => {
    const parts = (await encodeJwt({ token: claims, secret })).split(".");
    const cipher = parts[3]!;
    parts[3] = (cipher[0] === "A" ? "B" : "A") + cipher.slice(1);
    await expect(decodeJwt({ token: parts.join("."), secret })).rejects.toThrow();
  });

  it("rejects an expired token beyond the 15 s clock tolerance", async () => {
    const token = await encodeJwt({ token: claims, secret, maxAge: -20 });
    await expect(decodeJwt({ token, secret })).rejects.toThrow(/exp/);
    const justExpired = await encodeJwt({ token: claims, secret, maxAge: -5 });
    expect(await decodeJwt({ token: justExpired, secret })).toMatchObject(claims);
  });

  it("returns null for an empty token", async () => {
    expect(await decodeJwt({ token: "", secret })).toBeNull();
  });
});
