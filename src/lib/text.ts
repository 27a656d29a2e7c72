// Shortening user text where it cannot wrap (SVG labels, one-line cells): by whole characters as a person sees
// them (grapheme clusters), so an accent or an emoji is never cut in half, and always with a visible ellipsis.

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** `text` with surrounding and repeated whitespace collapsed, cut to at most `max` characters ending in "…". */
export function ellipsize(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const graphemes = Array.from(segmenter.segment(clean), (s) => s.segment);
  if (graphemes.length <= max) return clean;
  return `${graphemes
    .slice(0, Math.max(0, max - 1))
    .join("")
    .trimEnd()}…`;
}
