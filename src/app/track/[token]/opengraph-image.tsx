// The preview card when a tracking link is shared. Rendered offline with a local font (Noto Sans, src/server/og/fonts.ts);
// what is drawn is decided from that font's own glyph coverage (src/server/og/tracking-card.ts), because a character
// the font lacks would make next/og fetch a font from the internet and fail the image.
import { ImageResponse } from "next/og";

import { loadOgFonts, OG_FONT_FAMILY } from "~/server/og/fonts";
import { CARD_TEXT_WIDTH, trackingCardModel } from "~/server/og/tracking-card";
import { findTracking } from "./load-tracking";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const alt = "Trial Transport delivery tracking";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";

const BRAND = "#1d4ed8";

export default async function Image({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Through `tracking.get` and its output schema, like the page: an unknown, malformed or expired link is a 404.
  const t = await findTracking(token);
  if (!t) return new Response("This tracking link is not valid.", { status: 404 });
  const fonts = await loadOgFonts();

  const card = trackingCardModel(t, fonts);
  const body = (
    <div style={{ display: "flex", flexDirection: "column", gap: 28 }}>
      <div style={{ display: "flex", fontSize: 36, color: "#475569" }}>Shipment {card.reference.text}</div>
      <div
        style={{
          display: "flex",
          flexWrap: "wrap",
          alignItems: "center",
          columnGap: 24,
          maxWidth: CARD_TEXT_WIDTH,
          fontSize: card.routeFontSize,
          fontWeight: 700,
          lineHeight: 1.1,
          color: "#0f172a",
        }}
      >
        {/* A name wider than the image wraps inside its word instead of running off the edge. */}
        <div style={{ display: "flex", maxWidth: CARD_TEXT_WIDTH, wordBreak: "break-word" }}>{card.from.text}</div>
        <svg width={card.routeFontSize} height={card.routeFontSize} viewBox="0 0 24 24" fill="none">
          <path
            d="M3 12h17M14 5l7 7-7 7"
            stroke="#0f172a"
            strokeWidth={2.6}
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <div style={{ display: "flex", maxWidth: CARD_TEXT_WIDTH, wordBreak: "break-word" }}>{card.to.text}</div>
      </div>
      <div style={{ display: "flex", alignItems: "center", gap: 24 }}>
        <div
          style={{
            display: "flex",
            padding: "10px 28px",
            borderRadius: 999,
            background: "#eef6ff",
            color: BRAND,
            fontSize: 40,
            fontWeight: 700,
          }}
        >
          {card.status}
        </div>
        {card.percent !== null ? (
          <div style={{ display: "flex", alignItems: "center", gap: 16 }}>
            <div style={{ display: "flex", width: 360, height: 16, borderRadius: 999, background: "#e2e8f0" }}>
              <div
                style={{
                  display: "flex",
                  width: `${card.percent}%`,
                  height: 16,
                  borderRadius: 999,
                  background: BRAND,
                }}
              />
            </div>
            <div style={{ display: "flex", fontSize: 32, color: "#475569" }}>{`${card.percent} %`}</div>
          </div>
        ) : null}
      </div>
    </div>
  );

  return new ImageResponse(
    <div
      style={{
        display: "flex",
        flexDirection: "column",
        width: "100%",
        height: "100%",
        background: "#ffffff",
        fontFamily: OG_FONT_FAMILY,
      }}
    >
      <div
        style={{
          display: "flex",
          alignItems: "center",
          height: 120,
          padding: "0 72px",
          background: BRAND,
          color: "#ffffff",
        }}
      >
        <div style={{ display: "flex", fontSize: 44, fontWeight: 700 }}>Trial Transport</div>
      </div>
      <div style={{ display: "flex", flex: 1, flexDirection: "column", justifyContent: "center", padding: "0 72px" }}>
        {body}
      </div>
      <div style={{ display: "flex", padding: "0 72px 48px", fontSize: 28, color: "#64748b" }}>
        Live delivery tracking · no names, phones or addresses shown
      </div>
    </div>,
    {
      ...size,
      fonts: [
        { name: OG_FONT_FAMILY, data: fonts.regular, weight: 400, style: "normal" },
        { name: OG_FONT_FAMILY, data: fonts.bold, weight: 700, style: "normal" },
      ],
    },
  );
}
