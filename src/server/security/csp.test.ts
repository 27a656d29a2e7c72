import { describe, expect, it } from "vitest";

import { mapCspSources } from "~/components/map/map-config";
import { contentSecurityPolicy } from "./csp";

const directives = (csp: string) =>
  Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

describe("Content-Security-Policy", () => {
  it("allows scripts by nonce only, with strict-dynamic, and locks down base, objects, frames and forms", () => {
    const d = directives(
      contentSecurityPolicy({ nonce: "abc123==", allowEval: false, pusher: null, uploadIngestUrl: null }),
    );
    expect(d["script-src"]).toBe("'nonce-abc123==' 'strict-dynamic'");
    expect(d["base-uri"]).toBe("'none'");
    expect(d["object-src"]).toBe("'none'");
    expect(d["frame-ancestors"]).toBe("'none'");
    expect(d["form-action"]).toBe("'self'");
    expect(d["connect-src"]).toBe("'self'");
  });

  it("allows eval only when asked (development)", () => {
    const dev = directives(contentSecurityPolicy({ nonce: "n", allowEval: true, pusher: null, uploadIngestUrl: null }));
    expect(dev["script-src"]).toBe("'nonce-n' 'strict-dynamic' 'unsafe-eval'");
  });

  it("opens connect-src to exactly the configured Pusher and UploadThing hosts, with no wildcard", () => {
    const csp = contentSecurityPolicy({
      nonce: "n",
      allowEval: false,
      pusher: { host: "127.0.0.1", port: 6001 },
      uploadIngestUrl: "http://127.0.0.1:4020/ingest?x=1",
    });
    expect(directives(csp)["connect-src"]).toBe(
      "'self' ws://127.0.0.1:6001 wss://127.0.0.1:6001 http://127.0.0.1:4020",
    );
    expect(csp).not.toContain("*");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it("lets images load from the file host only when one is configured", () => {
    const base = { nonce: "n", allowEval: false, pusher: null, uploadIngestUrl: null };
    expect(directives(contentSecurityPolicy(base))["img-src"]).toBe("'self' data: blob:");
    const withFiles = directives(contentSecurityPolicy({ ...base, uploadFileOrigin: "http://localhost:4014" }));
    expect(withFiles["img-src"]).toBe("'self' data: blob: http://localhost:4014");
    expect(withFiles["connect-src"]).toBe("'self'");
  });

  it("adds exactly the live map provider's hosts, and nothing for the offline map", () => {
    const base = { nonce: "n", allowEval: false, pusher: null, uploadIngestUrl: null };
    const offline = directives(contentSecurityPolicy({ ...base, map: mapCspSources({ provider: "offline" }) }));
    expect(offline["img-src"]).toBe("'self' data: blob:");
    expect(offline["connect-src"]).toBe("'self'");
    expect(offline["worker-src"]).toBe("'self'");

    const maplibre = directives(
      contentSecurityPolicy({
        ...base,
        map: mapCspSources({
          provider: "maplibre",
          styleUrl: "https://tiles.example.com/styles/basic/style.json?key=k",
          extraOrigins: ["https://fonts.example.com"],
        }),
      }),
    );
    expect(maplibre["connect-src"]).toBe("'self' https://tiles.example.com https://fonts.example.com");
    expect(maplibre["img-src"]).toBe("'self' data: blob: https://tiles.example.com https://fonts.example.com");
    expect(maplibre["worker-src"]).toBe("'self' blob:");

    const google = contentSecurityPolicy({
      ...base,
      map: mapCspSources({ provider: "google", apiKey: "k", mapId: null }),
    });
    expect(directives(google)["connect-src"]).toBe("'self' https://maps.googleapis.com https://maps.gstatic.com");
    expect(directives(google)["font-src"]).toBe("'self' https://fonts.gstatic.com");
    expect(google).not.toContain("*");
  });
});
