// The font of the Open Graph images: Noto Sans (regular and bold TTF from the @expo-google-fonts/noto-sans package;
// next/og reads ttf/otf/woff, not woff2). It covers Latin with all its extensions, Greek and Cyrillic, so names
// like "București" or "Łódź" are drawn as written. Read from disk once per process; nothing is fetched.
import { readFile } from "node:fs/promises";
import path from "node:path";

import { create, type Font } from "fontkit";

import { coverageOf, type TCoverage } from "./text-fit";

const FONT_DIR = path.join(process.cwd(), "node_modules/@expo-google-fonts/noto-sans");

export const OG_FONT_FAMILY = "Noto Sans";

export type TOgFonts = {
  regular: Buffer;
  bold: Buffer;
  /** The bold face, for measuring headline text. */
  boldFace: Font;
  /** What both faces can draw. */
  coverage: TCoverage;
};

function parse(data: Buffer): Font {
  const font = create(data);
  if (!("hasGlyphForCodePoint" in font)) throw new Error("expected a single font, not a collection");
  return font;
}

async function load(): Promise<TOgFonts> {
  const [regular, bold] = await Promise.all([
    readFile(path.join(FONT_DIR, "400Regular/NotoSans_400Regular.ttf")),
    readFile(path.join(FONT_DIR, "700Bold/NotoSans_700Bold.ttf")),
  ]);
  const boldFace = parse(bold);
  return { regular, bold, boldFace, coverage: coverageOf([parse(regular), boldFace]) };
}

let fontsPromise: Promise<TOgFonts> | null = null;

/** The fonts, loaded once; a failed read is retried on the next call rather than cached. */
export function loadOgFonts(): Promise<TOgFonts> {
  fontsPromise ??= load().catch((error: unknown) => {
    fontsPromise = null;
    throw error;
  });
  return fontsPromise;
}
