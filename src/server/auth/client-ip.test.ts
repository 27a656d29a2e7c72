import { describe, expect, it, vi } from "vitest";

// Each test passes the hop count itself; the default from env is not under test.
vi.mock("~/env", () => ({ env: { TRUSTED_PROXY_HOPS: 0 } }));

import { clientIp, withTrustedForwardedFor } from "./client-ip";

const SOCKET = "::ffff:192.0.2.10";

/**
 * The path of one request through `next start`, as next 16.4.6 runs it: base-server's
 * `x-forwarded-for ??= socket.remoteAddress`, then the proxy, whose header changes replace the request's, then
 * the same line again before the route runs.
 */
function throughNext(clientHeaders: Record<string, string>, trustedHops: number): string {
  const nextFills = (h: Headers) => {
    if (!h.has("x-forwarded-for")) h.set("x-forwarded-for", SOCKET);
    return h;
  };
  const seenByProxy = nextFills(new Headers(clientHeaders));
  const afterProxy = withTrustedForwardedFor(seenByProxy, trustedHops) ?? seenByProxy;
  return clientIp(nextFills(new Headers(afterProxy)), trustedHops);
}

describe("clientIp with no trusted proxy (TRUSTED_PROXY_HOPS=0)", () => {
  it("is the socket address, whatever X-Forwarded-For the client wrote", () => {
    expect(throughNext({}, 0)).toBe(SOCKET);
    expect(throughNext({ "x-forwarded-for": "10.0.0.1" }, 0)).toBe(SOCKET);
    // The input: after failures from "10.0.0.1", "10.0.0.1, 10.0.0.2" must not be a new address.
    expect(throughNext({ "x-forwarded-for": "10.0.0.1, 10.0.0.2" }, 0)).toBe(SOCKET);
    expect(throughNext({ "x-forwarded-for": "" }, 0)).toBe(SOCKET);
  });

  it("reads the one entry Next.js wrote", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": SOCKET }), 0)).toBe(SOCKET);
  });

  it("says unknown when there is no address", () => {
    expect(clientIp(new Headers(), 0)).toBe("unknown");
    expect(clientIp(new Headers({ "x-forwarded-for": " , " }), 0)).toBe("unknown");
  });
});

describe("clientIp behind trusted proxies", () => {
  it("one proxy: the address it appended, not what the client wrote before it", () => {
    // The proxy appends the client's real address (203.0.113.5) to whatever the client sent.
    expect(throughNext({ "x-forwarded-for": "203.0.113.5" }, 1)).toBe("203.0.113.5");
    expect(throughNext({ "x-forwarded-for": "10.0.0.1, 10.0.0.2, 203.0.113.5" }, 1)).toBe("203.0.113.5");
  });

  it("two proxies: the entry the outer one appended", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "1.1.1.1, 203.0.113.5, 172.16.0.2" }), 2)).toBe("203.0.113.5");
  });

  it("a shorter chain than configured gives its leftmost entry, which a trusted proxy wrote", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.5" }), 2)).toBe("203.0.113.5");
  });

  it("keeps the chain the proxies built", () => {
    expect(withTrustedForwardedFor(new Headers({ "x-forwarded-for": "203.0.113.5" }), 1)).toBeNull();
  });
});
