import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "unit-test-secret-that-is-at-least-32-characters";
});

import { browserSpotlightUrl, DEFAULT_SPOTLIGHT_STREAM_URL } from "~/server/monitoring/browser-spotlight";
import { contentSecurityPolicy } from "~/server/security/csp";

describe("the browser's Spotlight", () => {
  const sidecar = "http://localhost:4916/stream";

  it("is the server's sidecar in development with NEXT_PUBLIC_SENTRY_SPOTLIGHT=true", () => {
    expect(browserSpotlightUrl({ nodeEnv: "development", publicFlag: "true", spotlight: sidecar })).toBe(sidecar);
    expect(browserSpotlightUrl({ nodeEnv: "development", publicFlag: "true", spotlight: "true" })).toBe(
      DEFAULT_SPOTLIGHT_STREAM_URL,
    );
  });

  it("is off without the public flag, without a sidecar, and outside development", () => {
    expect(browserSpotlightUrl({ nodeEnv: "development", publicFlag: undefined, spotlight: sidecar })).toBeNull();
    expect(browserSpotlightUrl({ nodeEnv: "development", publicFlag: "true", spotlight: undefined })).toBeNull();
    expect(browserSpotlightUrl({ nodeEnv: "production", publicFlag: "true", spotlight: sidecar })).toBeNull();
    expect(browserSpotlightUrl({ nodeEnv: "test", publicFlag: "true", spotlight: sidecar })).toBeNull();
  });

  it("lets pages connect to the sidecar's origin only when it is on", () => {
    const base = { nonce: "bm9uY2Vub25jZW5vbmNlMTI=", allowEval: true, pusher: null, uploadIngestUrl: null };
    const connect = (csp: string) => csp.split("; ").find((d) => d.startsWith("connect-src"));
    expect(connect(contentSecurityPolicy({ ...base, spotlightOrigin: "http://localhost:4916" }))).toBe(
      "connect-src 'self' http://localhost:4916",
    );
    expect(connect(contentSecurityPolicy(base))).toBe("connect-src 'self'");
  });
});
