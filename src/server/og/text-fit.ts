// What the Open Graph images may draw, decided from the font's own glyph table (its cmap, read by fontkit): text the
// font covers is drawn as it is; otherwise a whole name is transliterated (accents stripped) when that is fully
// covered, or replaced by a neutral label. Letters are never dropped one by one ("București" must not become
// "Bucureti"), and no character the font lacks ever reaches next/og, which would try to fetch a font from the
// internet and fail the image.
import type { Font } from "fontkit";

/** Whether a code point can be drawn; built from every font face the text may be drawn in. */
export type TCoverage = (codePoint: number) => boolean;

/** Covered when every face has a glyph for it (a name may be drawn in the regular or the bold face). */
export function coverageOf(faces: readonly Pick<Font, "hasGlyphForCodePoint">[]): TCoverage {
  return (cp) => faces.every((face) => face.hasGlyphForCodePoint(cp));
}

export type TDrawable = {
  text: string;
  /** "as-is": the text itself; "transliterated": accents stripped, every letter kept; "label": the fallback. */
  source: "as-is" | "transliterated" | "label";
};

/** True when the font can draw every character of `text`. */
export function covers(text: string, coverage: TCoverage): boolean {
  for (const ch of text) {
    if (!coverage(ch.codePointAt(0)!)) return false;
  }
  return true;
}

/**
 * The text to draw for one name (a city, a reference): `text` with whitespace collapsed (NFC) when the font covers
 * it; else its NFD form without combining marks ("Hà Nội" → "Ha Noi") when that is covered; else `label`, whole.
 */
export function drawableName(text: string, coverage: TCoverage, label: string): TDrawable {
  const clean = text.normalize("NFC").replace(/\s+/g, " ").trim();
  if (clean && covers(clean, coverage)) return { text: clean, source: "as-is" };
  const stripped = clean.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  if (stripped && covers(stripped, coverage)) return { text: stripped, source: "transliterated" };
  return { text: label, source: "label" };
}

/**
 * The largest font size (px, from `maxSize` down to `minSize` in steps of 2) at which `text`, measured with the
 * face's advance widths, fits in `maxLines` lines of `maxWidth` px. Returns `minSize` when nothing larger fits:
 * the layout then wraps the text (word-break) rather than letting it run off the image.
 */
export function fitFontSize(
  text: string,
  face: Pick<Font, "layout" | "unitsPerEm">,
  opts: { maxWidth: number; maxLines: number; maxSize: number; minSize: number },
): number {
  const emWidth = face.layout(text).advanceWidth / face.unitsPerEm;
  for (let size = opts.maxSize; size > opts.minSize; size -= 2) {
    // A little slack per line for where the words happen to break.
    if (emWidth * size <= opts.maxWidth * opts.maxLines * 0.9) return size;
  }
  return opts.minSize;
}
