// The preview card when a tracking link is shared. Rendered offline: the fonts are local Geist TTFs (ImageResponse
// reads ttf/otf/woff, not woff2), and any character the font lacks is dropped, because a missing glyph (emoji,
// CJK…) makes next/og fetch a font from the internet and the image fails.
import { readFile } from "node:fs/promises";
import path from "node:path";

import { ImageResponse } from "next/og";

import { statusLabel } from "~/lib/shipment-state";
import { findTracking } from "./load-tracking";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const alt = "Trial Transport delivery tracking";
export const size = { width: 1200, height: 630 };
export const contentType = "image/png";

const FONT_DIR = path.join(process.cwd(), "node_modules/geist/dist/fonts/geist-sans");

let fontsPromise: Promise<[Buffer, Buffer]> | null = null;
function loadFonts(): Promise<[Buffer, Buffer]> {
  fontsPromise ??= Promise.all([
    readFile(path.join(FONT_DIR, "Geist-Regular.ttf")),
    readFile(path.join(FONT_DIR, "Geist-Bold.ttf")),
  ]).catch((error: unknown) => {
    fontsPromise = null; // retried on the next request rather than cached
    throw error;
  });
  return fontsPromise;
}

// Code points Geist has (from its cmap): Latin, Latin-1, Latin Extended-A (mostly), Cyrillic, and the punctuation
// used here (en dash, quotes, ellipsis, middle dot, arrows).
const SUPPORTED =
  /[\u0020-\u007E\u00A0-\u00AC\u00AE-\u0113\u0116-\u012B\u012E-\u0137\u0139-\u013E\u0141-\u0148\u014A-\u014D\u0150-\u017E\u0400-\u045F\u2013\u2014\u2018-\u201A\u201C-\u201E\u2026\u2190-\u2199]/u;

/** Keeps only characters the font can draw; falls back when nothing is left. */
function drawable(text: string, fallback: string): string {
  const kept = Array.from(text.normalize("NFC"))
    .filter((ch) => SUPPORTED.test(ch))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  return kept || fallback;
}

const BRAND = "#1d4ed8";

export default async function Image({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Through `tracking.get` and its output schema, like the page: an unknown, malformed or expired link is a 404.
  const t = await findTracking(token);
  if (!t) return new Response("This tracking link is not valid.", { status: 404 });
  const [regular, bold] = await loadFonts();

  const body =
    t.state === "ok" ? (
      <div style={{ display: "flex", flexDirection: "column", gap: 28 }}>
        <div style={{ display: "flex", fontSize: 36, color: "#475569" }}>Shipment {drawable(t.reference, "")}</div>
        <div style={{ display: "flex", fontSize: 76, fontWeight: 700, lineHeight: 1.1, color: "#0f172a" }}>
          {`${drawable(t.pickupCity, "Pick-up")} → ${drawable(t.dropoffCity, "Drop-off")}`}
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
            {statusLabel[t.status]}
          </div>
          {t.status !== "CANCELLED" ? (
            <div style={{ display: "flex", alignItems: "center", gap: 16 }}>
              <div style={{ display: "flex", width: 360, height: 16, borderRadius: 999, background: "#e2e8f0" }}>
                <div
                  style={{
                    display: "flex",
                    width: `${Math.round(t.progress * 100)}%`,
                    height: 16,
                    borderRadius: 999,
                    background: BRAND,
                  }}
                />
              </div>
              <div
                style={{ display: "flex", fontSize: 32, color: "#475569" }}
              >{`${Math.round(t.progress * 100)} %`}</div>
            </div>
          ) : null}
        </div>
      </div>
    ) : null;

  return new ImageResponse(
    <div
      style={{
        display: "flex",
        flexDirection: "column",
        width: "100%",
        height: "100%",
        background: "#ffffff",
        fontFamily: "Geist",
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
        { name: "Geist", data: regular, weight: 400, style: "normal" },
        { name: "Geist", data: bold, weight: 700, style: "normal" },
      ],
    },
  );
}
