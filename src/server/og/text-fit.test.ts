import { describe, expect, it } from "vitest";

import { loadOgFonts } from "./fonts";
import { trackingCardModel } from "./tracking-card";
import { covers, drawableName, fitFontSize } from "./text-fit";

// The real font file shipped with the app: coverage comes from its cmap, not from a list in this test.
const fonts = await loadOgFonts();

describe("drawableName with Noto Sans's own coverage", () => {
  it("draws Romanian, Polish and Welsh names as written (ș, ă, ł, ź, ŵ are covered)", () => {
    for (const name of ["București", "Brăila", "Łódź", "Llanfairpwllgwyngyll", "Caerffili ŵ", "Zürich", "Москва"]) {
      expect(drawableName(name, fonts.coverage, "Pick-up")).toEqual({ text: name, source: "as-is" });
    }
  });

  it("normalises before deciding: decomposed ș is the same letter", () => {
    expect(drawableName("Bucures\u0326ti", fonts.coverage, "x")).toEqual({ text: "București", source: "as-is" });
  });

  it("replaces a whole CJK or emoji name by the label, never keeping some of its letters", () => {
    expect(drawableName("北京", fonts.coverage, "Pick-up")).toEqual({ text: "Pick-up", source: "label" });
    expect(drawableName("Paris 🚚", fonts.coverage, "Drop-off")).toEqual({ text: "Drop-off", source: "label" });
    expect(drawableName("  ", fonts.coverage, "Drop-off")).toEqual({ text: "Drop-off", source: "label" });
  });

  it("transliterates a whole name only when the accented form is not covered but the plain letters are", () => {
    // A fake font without ș: the name keeps all its letters, without the accent.
    const noCommaBelow = (cp: number) => cp !== 0x219 && cp !== 0x326 && fonts.coverage(cp);
    expect(drawableName("București", noCommaBelow, "x")).toEqual({ text: "Bucuresti", source: "transliterated" });
    expect(covers("București", noCommaBelow)).toBe(false);
  });
});

describe("fitFontSize", () => {
  const opts = { maxWidth: 1056, maxLines: 2, maxSize: 76, minSize: 44 };
  it("keeps the largest size for short text and shrinks long text, never below the minimum", () => {
    expect(fitFontSize("Chicago M Detroit", fonts.boldFace, opts)).toBe(76);
    const long = fitFontSize(
      "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch M Milwaukee",
      fonts.boldFace,
      opts,
    );
    expect(long).toBeLessThan(76);
    expect(long).toBeGreaterThanOrEqual(44);
    expect(fitFontSize("W".repeat(500), fonts.boldFace, opts)).toBe(44);
  });
});

describe("trackingCardModel", () => {
  it("draws București with every letter", () => {
    const model = trackingCardModel(
      { reference: "TT-7K3F9Q", pickupCity: "București", dropoffCity: "北京", status: "IN_TRANSIT", progress: 0.42 },
      fonts,
    );
    expect(model.from).toEqual({ text: "București", source: "as-is" });
    expect(model.to).toEqual({ text: "Drop-off", source: "label" });
    expect(model.reference.text).toBe("TT-7K3F9Q");
    expect(model.status).toBe("In transit");
    expect(model.percent).toBe(42);
  });
});
