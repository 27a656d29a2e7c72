// What the tracking link's preview image says, as data: every string here is drawable with the OG font, so the
// image component only lays it out (and a test can read exactly what is drawn).
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { statusLabel } from "~/lib/shipment-state";
import { ellipsize } from "~/lib/text";
import type { TOgFonts } from "./fonts";
import { drawableName, fitFontSize, type TDrawable } from "./text-fit";

/** Width of the image's text column in px (1200 minus 72 px margins). */
export const CARD_TEXT_WIDTH = 1056;
// A name longer than this is shortened with "…" (the image has room for about three lines of the route).
const NAME_MAX_CHARS = 60;

export type TTrackingCardModel = {
  reference: TDrawable;
  from: TDrawable;
  to: TDrawable;
  /** Font size of the route line in px, chosen so both names fit in about two lines. */
  routeFontSize: number;
  status: string;
  /** 0..100, or null when the shipment was cancelled (no progress to show). */
  percent: number | null;
};

/** The card for a shipment the link tracks; `t` is the public tracking view (no personal data). */
export function trackingCardModel(
  t: { reference: string; pickupCity: string; dropoffCity: string; status: ShipmentStatus; progress: number },
  fonts: Pick<TOgFonts, "coverage" | "boldFace">,
): TTrackingCardModel {
  const from = drawableName(ellipsize(t.pickupCity, NAME_MAX_CHARS), fonts.coverage, "Pick-up");
  const to = drawableName(ellipsize(t.dropoffCity, NAME_MAX_CHARS), fonts.coverage, "Drop-off");
  return {
    reference: drawableName(t.reference, fonts.coverage, ""),
    from,
    to,
    // The arrow between the names is drawn as a shape about one em wide: measured as "M".
    routeFontSize: fitFontSize(`${from.text} M ${to.text}`, fonts.boldFace, {
      maxWidth: CARD_TEXT_WIDTH,
      maxLines: 2,
      maxSize: 76,
      minSize: 44,
    }),
    status: statusLabel[t.status],
    percent: t.status === "CANCELLED" ? null : Math.round(t.progress * 100),
  };
}
