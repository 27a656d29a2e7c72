import { describe, expect, it } from "vitest";

import { ellipsize } from "./text";

describe("ellipsize", () => {
  it("keeps text that fits, collapsing whitespace", () => {
    expect(ellipsize("  Chicago \n IL ", 20)).toBe("Chicago IL");
    expect(ellipsize("București", 9)).toBe("București");
  });

  it("cuts long text to the limit, ending in an ellipsis", () => {
    const city = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch";
    const short = ellipsize(city, 22);
    expect(Array.from(short)).toHaveLength(22);
    expect(short).toBe(`${city.slice(0, 21)}…`);
    expect(ellipsize("Saint Louis Park", 7)).toBe("Saint…");
  });

  it("never splits a character made of several code points", () => {
    const flags = "🇷🇴🇷🇴🇷🇴🇷🇴";
    expect(ellipsize(flags, 3)).toBe("🇷🇴🇷🇴…");
    const decomposed = "Bucures\u0326ti din Romania";
    expect(ellipsize(decomposed, 9)).toBe("Bucures\u0326t…");
  });
});
