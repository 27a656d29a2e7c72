// The PostgreSQL cache of outside answers: hits, misses, expiry, rows of an older shape, failures never stored.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";

import { db } from "~/server/db";
import { cachedOutside, outsideCacheKey } from "./outside-cache";

const ZValueSchema = z.object({ n: z.number() });
const freshKey = () => outsideCacheKey("test", "http://127.0.0.1:1", randomUUID());

describe("cachedOutside", () => {
  it("loads on a miss, stores with the TTL, and answers the next call from the row", async () => {
    const key = freshKey();
    const load = vi.fn(() => Promise.resolve({ n: 1 }));
    expect(await cachedOutside(key, 60, ZValueSchema, load)).toEqual({ value: { n: 1 }, hit: false });
    expect(await cachedOutside(key, 60, ZValueSchema, load)).toEqual({ value: { n: 1 }, hit: true });
    expect(load).toHaveBeenCalledTimes(1);
    const row = await db.outsideCache.findUniqueOrThrow({ where: { key } });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(55_000);
  });

  it("treats an expired row and a row of another shape as misses", async () => {
    const expired = freshKey();
    await db.outsideCache.create({ data: { key: expired, value: { n: 1 }, expiresAt: new Date(Date.now() - 1000) } });
    expect(await cachedOutside(expired, 60, ZValueSchema, () => Promise.resolve({ n: 2 }))).toEqual({
      value: { n: 2 },
      hit: false,
    });
    const old = freshKey();
    await db.outsideCache.create({
      data: { key: old, value: { legacy: true }, expiresAt: new Date(Date.now() + 60_000) },
    });
    expect((await cachedOutside(old, 60, ZValueSchema, () => Promise.resolve({ n: 3 }))).value).toEqual({ n: 3 });
  });

  it("stores nothing when the load fails", async () => {
    const key = freshKey();
    await expect(cachedOutside(key, 60, ZValueSchema, () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await db.outsideCache.findUnique({ where: { key } })).toBeNull();
  });

  it("keys answers by the service's base URL", () => {
    expect(outsideCacheKey("open-meteo", "http://127.0.0.1:4012", "x")).not.toBe(
      outsideCacheKey("open-meteo", null, "x"),
    );
  });
});
