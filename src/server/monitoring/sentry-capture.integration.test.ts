// Proves capture end to end: the real Sentry SDK, started the way src/instrumentation.ts starts it, sends real
// envelopes to a local HTTP server standing in as the DSN's host. A page error reaches it through Next.js's
// onRequestError hook, a failing tRPC procedure (5xx) through reportTrpcError; a 4xx refusal never does.
import { createServer, type IncomingMessage } from "node:http";
import { gunzipSync } from "node:zlib";

import { InngestTestEngine } from "@inngest/test";
import * as Sentry from "@sentry/nextjs";
import { TRPCError } from "@trpc/server";
import { NonRetriableError } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { inngest } from "../../../inngest/client";
import { onRequestError } from "~/instrumentation";
import { runWithRequest } from "~/server/log/logger";
import { reportTrpcError } from "~/server/log/report-error";
import { startSentry } from "~/server/monitoring/start-sentry";

type TEnvelopeItem = { header: Record<string, unknown>; payload: Record<string, unknown> };
type TEnvelope = { path: string; header: Record<string, unknown>; items: TEnvelopeItem[] };

/** Parses Sentry's envelope format: a JSON header line, then per item a JSON header line and its payload. */
function parseEnvelope(path: string, body: string): TEnvelope {
  const lines = body.split("\n").filter((line) => line.length > 0);
  const header = JSON.parse(lines[0]!) as Record<string, unknown>;
  const items: TEnvelopeItem[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    items.push({ header: JSON.parse(lines[i]!), payload: JSON.parse(lines[i + 1]!) });
  }
  return { path, header, items };
}

const received: TEnvelope[] = [];
const server = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
    received.push(parseEnvelope(req.url ?? "", body.toString("utf8")));
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});

let dsn = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  dsn = `http://publickey123@127.0.0.1:${port}/42`;
  const started = await startSentry("nodejs", { dsn, spotlight: false, environment: "test", fastTraceShare: 0 });
  expect(started).toBe(true);
});

afterAll(async () => {
  await Sentry.close(2000);
  server.close();
});

/** The error events received so far whose first exception's message is `message`. */
function eventsWithMessage(message: string): Record<string, unknown>[] {
  return received
    .flatMap((envelope) => envelope.items)
    .filter((item) => item.header.type === "event")
    .map((item) => item.payload)
    .filter((event) => {
      const values = (event.exception as { values?: { value?: string }[] } | undefined)?.values ?? [];
      return values.some((v) => v.value === message);
    });
}

describe("Sentry capture", () => {
  it("sends a thrown server error, reported by Next.js's onRequestError, as an envelope to the DSN's host", async () => {
    const error = Object.assign(new Error("shipment page exploded"), { digest: "4096" });
    await onRequestError(
      error,
      {
        path: "/shipper/abc",
        method: "GET",
        headers: { "x-request-id": "reqCaptureTest0001", cookie: "tt.session=secret-session-value" },
      },
      {
        routerKind: "App Router",
        routePath: "/shipper/[id]",
        routeType: "render",
        renderSource: "react-server-components",
        revalidateReason: undefined,
      },
    );
    await Sentry.flush(5000);

    const envelope = received.find((e) => e.items.some((i) => i.header.type === "event"));
    const url = new URL(envelope?.path ?? "/", "http://stand-in");
    expect(url.pathname).toBe("/api/42/envelope/");
    expect(url.searchParams.get("sentry_key")).toBe("publickey123");
    expect(envelope?.header.sdk).toMatchObject({ name: expect.stringMatching(/^sentry\.javascript\./) });
    const [event] = eventsWithMessage("shipment page exploded");
    expect(event).toBeDefined();
    expect(event!.environment).toBe("test");
    expect(JSON.stringify(event)).not.toContain("secret-session-value");
  });

  it("sends a tRPC procedure's 5xx with its path and request id, and never a 4xx", async () => {
    runWithRequest({ requestId: "reqTrpcCapture0002", userId: null }, () => {
      reportTrpcError(
        "shipment.create",
        new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new Error("database connection lost") }),
      );
      reportTrpcError("shipment.create", new TRPCError({ code: "BAD_REQUEST", message: "refused for the test" }));
    });
    await Sentry.flush(5000);

    const [event] = eventsWithMessage("database connection lost");
    expect(event).toBeDefined();
    expect(event!.tags).toMatchObject({
      trpc: "shipment.create",
      trpcCode: "INTERNAL_SERVER_ERROR",
      requestId: "reqTrpcCapture0002",
    });
    expect(eventsWithMessage("refused for the test")).toEqual([]);
  });

  it("sends an Inngest function's final failure, tagged with the function", async () => {
    const failing = inngest.createFunction(
      { id: "monitoring-test-fails", triggers: [{ event: "test/monitoring.fail" }] },
      async () => {
        throw new NonRetriableError("the carrier API is gone");
      },
    );
    const { error } = await new InngestTestEngine({
      function: failing,
      events: [{ name: "test/monitoring.fail", data: {} }],
    }).execute();
    expect(error).toBeDefined();
    await Sentry.flush(5000);

    const [event] = eventsWithMessage("the carrier API is gone");
    expect(event).toBeDefined();
    expect(event!.tags).toMatchObject({ inngestFunction: expect.stringContaining("monitoring-test-fails") });
  });
});
