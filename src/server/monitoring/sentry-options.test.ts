import diagnostics from "node:diagnostics_channel";

import { describe, expect, it, vi } from "vitest";

// The logger and the options read the validated environment; no SENTRY_DSN and no SENTRY_SPOTLIGHT here.
vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "unit-test-secret-that-is-at-least-32-characters";
  delete process.env.SENTRY_DSN;
  delete process.env.SENTRY_SPOTLIGHT;
});

import * as Sentry from "@sentry/nextjs";
import { TRPCError } from "@trpc/server";

import { reportTrpcError } from "~/server/log/report-error";
import { keepTransaction, scrubEvent, SLOW_REQUEST_MS, sentryServerOptions } from "~/server/monitoring/sentry-options";
import { startSentry } from "~/server/monitoring/start-sentry";

describe("Sentry switched off", () => {
  it("starts nothing and opens no connection when neither a DSN nor Spotlight is configured", async () => {
    const sockets: unknown[] = [];
    const onSocket = (message: unknown) => sockets.push(message);
    diagnostics.subscribe("net.client.socket", onSocket);
    const fetches: unknown[] = [];
    const onFetch = (message: unknown) => fetches.push(message);
    diagnostics.subscribe("undici:request:create", onFetch);
    try {
      expect(sentryServerOptions()).toBeNull();
      expect(await startSentry("nodejs")).toBe(false);
      expect(Sentry.getClient()).toBeUndefined();
      reportTrpcError("shipment.create", new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new Error("boom") }));
      Sentry.captureException(new Error("nobody should receive this"));
      await Sentry.flush(500);
      expect(sockets).toEqual([]);
      expect(fetches).toEqual([]);
    } finally {
      diagnostics.unsubscribe("net.client.socket", onSocket);
      diagnostics.unsubscribe("undici:request:create", onFetch);
    }
  });

  it("turns on with Spotlight alone, for development", () => {
    const options = sentryServerOptions({
      dsn: undefined,
      spotlight: true,
      environment: "development",
      fastTraceShare: 0,
    });
    expect(options).toMatchObject({ dsn: undefined, spotlight: true, sendDefaultPii: false });
  });
});

describe("traces", () => {
  const transaction = (ms: number) => ({
    type: "transaction" as const,
    start_timestamp: 100,
    timestamp: 100 + ms / 1000,
  });

  it("keeps every slow request and, by default, no fast one", () => {
    expect(keepTransaction(transaction(SLOW_REQUEST_MS), 0, 0.99)).toBe(true);
    expect(keepTransaction(transaction(4_000), 0, 0.5)).toBe(true);
    expect(keepTransaction(transaction(SLOW_REQUEST_MS - 1), 0, 0)).toBe(false);
  });

  it("keeps the configured share of fast requests", () => {
    expect(keepTransaction(transaction(20), 0.25, 0.1)).toBe(true);
    expect(keepTransaction(transaction(20), 0.25, 0.3)).toBe(false);
  });
});

describe("scrubEvent", () => {
  it("removes cookies, authorization and personal fields from the request and keeps only the user's id", () => {
    const event = scrubEvent({
      type: undefined,
      request: {
        url: "http://localhost/api/unsubscribe?token=abc",
        headers: { cookie: "tt.session=x", authorization: "Bearer y", "user-agent": "test" },
        data: { email: "ann@example.com", name: "Ann" },
      },
      user: { id: "u1", email: "ann@example.com", ip_address: "10.0.0.1" },
    });
    expect(event.request).toEqual({
      url: "http://localhost/api/unsubscribe?token=[Redacted]",
      headers: { cookie: "[Redacted]", authorization: "[Redacted]", "user-agent": "test" },
      data: { email: "[Redacted]", name: "Ann" },
    });
    expect(event.user).toEqual({ id: "u1" });
  });
});
