import { describe, expect, it } from "vitest";

import { toNumber } from "./values";

describe("toNumber", () => {
  it("turns typed text into the number the schema expects, and empty text into undefined (not 0 or NaN)", () => {
    expect(toNumber("41.8781")).toBe(41.8781);
    expect(toNumber(" -87.6 ")).toBe(-87.6);
    expect(toNumber("")).toBeUndefined();
    expect(toNumber("   ")).toBeUndefined();
    expect(toNumber("abc")).toBeNaN();
    expect(toNumber(1200)).toBe(1200);
    expect(toNumber(undefined)).toBeUndefined();
  });
});
