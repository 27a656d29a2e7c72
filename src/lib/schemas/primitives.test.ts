import { describe, expect, it } from "vitest";

import {
  DATE_RANGE,
  neutraliseBidi,
  PG_INT_MAX,
  textMessages,
  ZCursorSchema,
  ZDate,
  ZIdSchema,
  ZInt,
  ZLatitudeSchema,
  ZLongitudeSchema,
  ZOptionalPhoneSchema,
  ZOptionalText,
  ZPhoneSchema,
  ZText,
  ZUrlTokenSchema,
} from "./primitives";

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : (result.error?.issues.map((i) => i.message) ?? []);

describe("ZText", () => {
  const name = ZText({ min: 1, max: 10, required: "Enter your name." });

  it("trims and keeps ordinary text, including non-Latin letters and emoji", () => {
    expect(name.parse("  Zoë  ")).toBe("Zoë");
    expect(name.parse("București")).toBe("București");
    expect(name.parse("محمد")).toBe("محمد");
    expect(name.parse("Ann 🚚")).toBe("Ann 🚚");
  });

  it("refuses NUL and every other control character with one clear message", () => {
    for (const bad of ["a\u0000b", "a\u0007", "tab\there", "line\nbreak", "\u007f", "c1\u0085"]) {
      expect(messages(name.safeParse(bad))).toEqual([textMessages.control]);
    }
  });

  it("multi-line text keeps line breaks and tabs but still refuses NUL", () => {
    const notes = ZText({ max: 100, multiline: true });
    expect(notes.parse("first line\r\n\tsecond")).toBe("first line\r\n\tsecond");
    expect(messages(notes.safeParse("a\u0000b"))).toEqual([textMessages.control]);
  });

  it("refuses unpaired surrogates (high or low) but keeps paired ones", () => {
    expect(messages(name.safeParse("a\uD800"))).toEqual([textMessages.surrogate]);
    expect(messages(name.safeParse("\uDC00a"))).toEqual([textMessages.surrogate]);
    expect(messages(name.safeParse("\uDC00\uD800"))).toEqual([textMessages.surrogate]);
    expect(name.parse("\uD83D\uDE9A")).toBe("🚚");
  });

  it("removes bidirectional embeddings, overrides and isolates, then checks the length of what is left", () => {
    expect(name.parse("\u202Egnp.exe")).toBe("gnp.exe");
    for (const c of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      expect(name.parse(`a${c}b`)).toBe("ab");
    }
    expect(messages(name.safeParse("\u202E\u2066 "))).toEqual(["Enter your name."]);
    // The marks that only hint direction (LRM, RLM) cannot reorder text and are kept.
    expect(name.parse("a\u200Fb")).toBe("a\u200Fb");
  });

  it("refuses non-strings and enforces the length after trimming", () => {
    for (const bad of [undefined, null, 5, true, ["a"], { a: 1 }]) {
      expect(messages(name.safeParse(bad))).toEqual(["Enter your name."]);
    }
    expect(name.parse(`  ${"x".repeat(10)}  `)).toHaveLength(10);
    expect(messages(name.safeParse("x".repeat(11)))).toEqual(["Use at most 10 characters."]);
  });

  it("optional text turns blank into undefined", () => {
    const contact = ZOptionalText({ max: 20 });
    expect(contact.parse(undefined)).toBeUndefined();
    expect(contact.parse("   ")).toBeUndefined();
    expect(contact.parse(" Dock ")).toBe("Dock");
    expect(contact.safeParse("a\u0000").success).toBe(false);
  });

  it("counts text made only of invisible format characters and spaces as empty", () => {
    const city = ZText({ min: 2, max: 10, required: "Enter the city." });
    const invisible = ["\u200B", "\u200B\u200B\u200B", "\u200C\u200D", "\u2060", "\uFEFF", "\u00AD", " \u200B \u200E "];
    for (const blank of invisible) {
      expect(messages(name.safeParse(blank))).toEqual(["Enter your name."]);
      expect(messages(city.safeParse(blank))).toEqual(["Enter the city."]);
      expect(ZOptionalText({ max: 20 }).parse(blank)).toBeUndefined();
    }
    // Invisible padding does not count towards the minimum length either.
    expect(messages(city.safeParse("\u200BX\u200B"))).toEqual(["Enter the city."]);
    expect(city.parse("\u200B Oslo\uFEFF")).toBe("Oslo");
  });

  it("keeps joiners that mean something inside the text", () => {
    const coder = "\u{1F469}\u200D\u{1F4BB}"; // woman technologist: a ZWJ emoji sequence
    expect(name.parse(`Ann ${coder}`)).toBe(`Ann ${coder}`);
    expect(name.parse(coder)).toBe(coder);
    const persian = "\u0645\u06CC\u200C\u0631\u0648\u0645"; // "mi-ravam": a ZWNJ inside the word
    expect(name.parse(persian)).toBe(persian);
  });

  it("neutraliseBidi leaves text without controls untouched", () => {
    expect(neutraliseBidi("plain text")).toBe("plain text");
  });
});

describe("numbers", () => {
  it("latitude takes JSON numbers only: no coercion from '', null, true, [5] or '41.9'", () => {
    expect(ZLatitudeSchema.parse(41.9)).toBe(41.9);
    for (const bad of ["", null, true, [5], "41.9", NaN, Infinity, -Infinity, undefined]) {
      expect(messages(ZLatitudeSchema.safeParse(bad))).toEqual(["Enter a latitude."]);
    }
    expect(messages(ZLatitudeSchema.safeParse(90.5))).toEqual(["Latitude is between -90 and 90."]);
  });

  it("whole numbers fit a PostgreSQL integer", () => {
    const n = ZInt("Enter a number.");
    expect(n.parse(PG_INT_MAX)).toBe(PG_INT_MAX);
    expect(n.safeParse(PG_INT_MAX + 1).success).toBe(false);
    expect(n.safeParse(2 ** 53).success).toBe(false);
    expect(messages(n.safeParse(1.5))).toEqual(["Use a whole number."]);
    expect(messages(n.safeParse("7"))).toEqual(["Enter a number."]);
  });
});

describe("ZDate", () => {
  const date = ZDate();

  it("takes Dates and ISO 8601 date-times with a zone, as Dates", () => {
    const d = new Date("2026-03-10T14:00:00Z");
    expect(date.parse(d)).toEqual(d);
    expect(date.parse("2026-03-10T14:00:00Z")).toEqual(d);
    expect(date.parse("2026-03-10T08:00:00-06:00")).toEqual(d);
    expect(date.parse("2026-03-10T14:00:00.000Z")).toEqual(d);
  });

  it("refuses numbers, booleans, empty or loose strings and invalid Dates", () => {
    for (const bad of [0, 1767225600000, true, "", "yesterday", "2026-03-10", "03/10/2026", "2026-13-45T00:00:00Z"]) {
      expect(messages(date.safeParse(bad))).toEqual(["Enter a date and time."]);
    }
    expect(messages(date.safeParse(new Date(NaN)))).toEqual(["Enter a date and time."]);
    expect(messages(date.safeParse(null))).toEqual(["Enter a date and time."]);
  });

  it("accepts 2000 to 2100 and refuses anything outside with a range message", () => {
    expect(date.parse(DATE_RANGE.min)).toEqual(DATE_RANGE.min);
    expect(date.parse(DATE_RANGE.max)).toEqual(DATE_RANGE.max);
    const outside = [
      new Date(DATE_RANGE.min.getTime() - 1),
      new Date(DATE_RANGE.max.getTime() + 1),
      new Date(0),
      new Date("+010000-01-01T00:00:00Z"),
      new Date(8.64e15),
      "1999-12-31T23:59:59Z",
    ];
    for (const bad of outside) {
      expect(messages(date.safeParse(bad))).toEqual(["Enter a date between 2000 and 2100."]);
    }
  });
});

describe("phones", () => {
  it("accepts numbers as people write them", () => {
    for (const ok of ["+1 312 555 0100", "(312) 555-0100", "+44 20 7946 0958", "3125550100"]) {
      expect(ZPhoneSchema.parse(` ${ok} `)).toBe(ok);
    }
  });

  it("refuses free text, punctuation without digits and too few or too many digits", () => {
    for (const bad of ["call me maybe", "-------", "((((((((", "12345", "+1234567890123456", "555-CALL-NOW", ""]) {
      expect(messages(ZPhoneSchema.safeParse(bad))).toEqual(["Enter a phone number like +1 312 555 0100."]);
    }
  });

  it("optional phones: blank or missing is undefined, anything else must be a phone", () => {
    expect(ZOptionalPhoneSchema.parse(undefined)).toBeUndefined();
    expect(ZOptionalPhoneSchema.parse("  ")).toBeUndefined();
    expect(ZOptionalPhoneSchema.parse("+13125550100")).toBe("+13125550100");
    expect(messages(ZOptionalPhoneSchema.safeParse("call me maybe"))).toEqual([
      "Enter a phone number like +1 312 555 0100.",
    ]);
    expect(ZOptionalPhoneSchema.safeParse(null).success).toBe(false);
  });
});

describe("identifiers, tokens and cursors", () => {
  it("ids use the alphabet the app issues them in", () => {
    expect(ZIdSchema.parse("s0123456789abcdef01234567")).toBe("s0123456789abcdef01234567");
    expect(ZIdSchema.parse("clz9x0abc0000a1b2c3d4e5f6")).toBe("clz9x0abc0000a1b2c3d4e5f6");
    for (const bad of ["", "s\u0000", "a b", "x".repeat(65), "../etc", "s1'--", 5, null]) {
      expect(ZIdSchema.safeParse(bad).success).toBe(false);
    }
  });

  it("tokens and cursors are base64url", () => {
    const token = ZUrlTokenSchema({ min: 10, max: 100 });
    expect(token.parse("Ab-_0123456789")).toBe("Ab-_0123456789");
    expect(token.safeParse("abcdefghij\u0000").success).toBe(false);
    expect(token.safeParse("abcdefghij=").success).toBe(false);
    expect(ZCursorSchema.parse("MjAyNi0wMy0xMFQxNDowMDowMC4wMDBafHMx")).toBeTruthy();
    expect(ZCursorSchema.safeParse("not a cursor").success).toBe(false);
  });
});

describe("coordinates", () => {
  it("reads a subnormal as 0, so it never underflows PostgreSQL's arithmetic, and keeps every other value exactly", () => {
    expect(ZLongitudeSchema.parse(5e-324)).toBe(0);
    expect(Object.is(ZLatitudeSchema.parse(-Number.MIN_VALUE), 0)).toBe(true);
    expect(ZLatitudeSchema.parse(41.878123456789)).toBe(41.878123456789);
    expect(ZLatitudeSchema.parse(1e-8)).toBe(1e-8);
    expect(ZLongitudeSchema.parse(-87.6298)).toBe(-87.6298);
    expect(ZLongitudeSchema.safeParse(180.0000001).success).toBe(false);
  });
});
