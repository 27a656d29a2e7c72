import { describe, expect, it } from "vitest";

import { crossSiteRefusal, TRPC_CLIENT_HEADER } from "./csrf";

const appOrigin = "https://app.example.com";
const check = (headers: Record<string, string>, requireClientHeader = true) =>
  crossSiteRefusal(new Headers(headers), { appOrigin, requireClientHeader });

describe("cross-site request refusal", () => {
  it("lets the app's own client through, with or without fetch metadata and Origin", () => {
    expect(
      check({ [TRPC_CLIENT_HEADER]: "nextjs-react", origin: appOrigin, "sec-fetch-site": "same-origin" }),
    ).toBeNull();
    expect(check({ [TRPC_CLIENT_HEADER]: "nextjs-react" })).toBeNull();
  });

  it("refuses a request without the client header (a form cannot send one)", () => {
    expect(check({ origin: appOrigin, "sec-fetch-site": "same-origin" })).toMatch(/x-trpc-source/);
    expect(check({ origin: appOrigin }, false)).toBeNull();
  });

  it.each([
    ["a sibling origin of the same site", { origin: "https://blog.example.com", "sec-fetch-site": "same-site" }],
    ["another site", { origin: "https://evil.test", "sec-fetch-site": "cross-site" }],
    ["the same host over http", { origin: "http://app.example.com" }],
    ["another port", { origin: "https://app.example.com:8443" }],
    ["a null origin", { origin: "null" }],
    ["same-site fetch metadata", { "sec-fetch-site": "same-site" }],
    ["cross-site fetch metadata", { "sec-fetch-site": "cross-site" }],
  ])("refuses %s even with the client header", (_label, headers) => {
    expect(check({ [TRPC_CLIENT_HEADER]: "x", ...headers })).not.toBeNull();
    expect(check(headers, false)).not.toBeNull();
  });
});
