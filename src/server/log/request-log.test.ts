import { afterEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "unit-test-secret-that-is-at-least-32-characters";
});

import { currentRequest } from "~/server/log/logger";
import { REQUEST_ID_HEADER } from "~/server/log/request-id";
import { accessLog, noteRequestUser, withRequestLog } from "~/server/log/request-log";

afterEach(() => vi.restoreAllMocks());

describe("withRequestLog", () => {
  it("logs one line with method, route, tRPC paths, status, duration, user and the proxy's request id", async () => {
    const info = vi.spyOn(accessLog, "info").mockImplementation(() => undefined);
    const handler = withRequestLog("/api/trpc", async () => {
      expect(currentRequest()?.requestId).toBe("fromTheProxy1234");
      noteRequestUser("user_1");
      return Response.json({ ok: true });
    });
    const res = await handler(
      new Request("http://localhost/api/trpc/shipment.list,account.me?batch=1", {
        headers: { [REQUEST_ID_HEADER]: "fromTheProxy1234" },
      }),
    );
    expect(res.headers.get(REQUEST_ID_HEADER)).toBe("fromTheProxy1234");
    expect(info).toHaveBeenCalledExactlyOnceWith(
      {
        method: "GET",
        route: "/api/trpc",
        trpc: "shipment.list,account.me",
        status: 200,
        durationMs: expect.any(Number),
        userId: "user_1",
      },
      "request",
    );
  });

  it("makes an id when none came, and sets it even on a response whose headers are immutable", async () => {
    vi.spyOn(accessLog, "info").mockImplementation(() => undefined);
    const handler = withRequestLog("/api/unsubscribe", () => Response.redirect("http://localhost/done", 303));
    const res = await handler(new Request("http://localhost/api/unsubscribe?token=secret", { method: "POST" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://localhost/done");
    expect(res.headers.get(REQUEST_ID_HEADER)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("logs a 5xx as a warning and a thrown error as an error with status 500, rethrowing it", async () => {
    const warn = vi.spyOn(accessLog, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(accessLog, "error").mockImplementation(() => undefined);
    await withRequestLog("/api/health", () => new Response(null, { status: 503 }))(new Request("http://localhost/"));
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ status: 503, route: "/api/health" }), "request");

    const boom = new Error("boom");
    const failing = withRequestLog("/api/files/[id]", () => Promise.reject(boom));
    await expect(failing(new Request("http://localhost/api/files/abc"))).rejects.toBe(boom);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ status: 500, route: "/api/files/[id]", err: boom }),
      "request failed",
    );
  });
});
