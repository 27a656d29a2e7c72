// Spotlight in development: the sidecar `npm run dev` starts (devstack/spotlight.ts) receives a server error the app's
// Sentry SDK captures with SENTRY_SPOTLIGHT pointing at it and no DSN, and serves it on its event stream (what the
// viewer reads). A port taken by another program leaves the app without Spotlight instead of failing; a second
// `npm run dev` reuses the sidecar already there. (With neither a DSN nor Spotlight nothing is sent at all:
// src/server/monitoring/sentry-options.test.ts.)
import { createServer, type Server } from "node:http";

import * as Sentry from "@sentry/nextjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { onRequestError } from "~/instrumentation";
import { startSentry } from "~/server/monitoring/start-sentry";
import { spotlightPort, startSpotlightSidecar, type TSpotlightSidecar } from "./spotlight";

let sidecar: TSpotlightSidecar;

beforeAll(async () => {
  const started = await startSpotlightSidecar(0);
  if (!started) throw new Error("the sidecar did not start on a free port");
  sidecar = started;
});

afterAll(async () => {
  await Sentry.close(2000);
  await sidecar.close();
});

/** Reads the sidecar's event stream (server-sent events, replaying what it holds) until `text` appears in it. */
async function streamUntil(streamUrl: string, text: string): Promise<string> {
  const abort = new AbortController();
  const res = await fetch(streamUrl, { headers: { accept: "text/event-stream" }, signal: abort.signal });
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  try {
    while (!seen.includes(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
    }
  } finally {
    abort.abort();
  }
  return seen;
}

describe("Spotlight sidecar", () => {
  it("receives a server error captured with SENTRY_SPOTLIGHT set and no DSN, and streams it to the viewer", async () => {
    const on = await startSentry("nodejs", {
      dsn: undefined,
      spotlight: sidecar.streamUrl,
      environment: "development",
      fastTraceShare: 0,
    });
    expect(on).toBe(true);
    await onRequestError(
      Object.assign(new Error("spotlight sees this page error"), { digest: "8128" }),
      {
        path: "/driver/loads",
        method: "GET",
        headers: { "x-request-id": "reqSpotlight00001", cookie: "tt.session=never-in-spotlight" },
      },
      {
        routerKind: "App Router",
        routePath: "/driver/loads",
        routeType: "render",
        renderSource: "react-server-components",
        revalidateReason: undefined,
      },
    );
    await Sentry.flush(5000);

    const stream = await streamUntil(sidecar.streamUrl, "spotlight sees this page error");
    const line = stream.split("\n").find((l) => l.startsWith("data:") && l.includes("spotlight sees this page error"));
    const [header, items] = JSON.parse(line!.slice("data:".length)) as [
      Record<string, unknown>,
      [Record<string, unknown>, Record<string, unknown>][],
    ];
    expect(header.sdk).toMatchObject({ name: expect.stringMatching(/^sentry\.javascript\./) });
    const event = items.find(([h]) => h.type === "event")?.[1];
    expect(event).toMatchObject({ environment: "development" });
    // Scrubbed as for Sentry itself (the stack's source context quotes this file, so only the request is checked).
    expect(JSON.stringify(event?.request)).not.toContain("never-in-spotlight");
    expect(event?.request).toMatchObject({ headers: { "x-request-id": "reqSpotlight00001" } });
  });

  it("gets a slow request's trace and never a fast one's (the same filter as for Sentry)", async () => {
    Sentry.startSpan({ name: "GET /fast-spotlight-request", forceTransaction: true }, () => undefined);
    // Started two seconds ago: slower than SLOW_REQUEST_MS.
    Sentry.startSpan(
      { name: "GET /slow-spotlight-request", forceTransaction: true, startTime: Date.now() / 1000 - 2 },
      () => undefined,
    );
    await Sentry.flush(5000);

    const stream = await streamUntil(sidecar.streamUrl, "GET /slow-spotlight-request");
    expect(stream).toContain('"type":"transaction"');
    // The stream replays in arrival order, and the fast one ended first: it would be above the slow one.
    expect(stream).not.toContain("GET /fast-spotlight-request");
  });

  it("serves the viewer at its root", async () => {
    const res = await fetch(sidecar.uiUrl);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<html");
  });

  it("reuses a sidecar already on the port, and gives way to another program there", async () => {
    const again = await startSpotlightSidecar(sidecar.port);
    expect(again).toMatchObject({ port: sidecar.port, started: false, streamUrl: sidecar.streamUrl });

    const other: Server = createServer((_req, res) => res.end("not spotlight"));
    await new Promise<void>((resolve) => other.listen(0, resolve));
    try {
      const { port } = other.address() as { port: number };
      expect(await startSpotlightSidecar(port)).toBeNull();
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it("takes base + 16 of DEVSTACK_PORT_BASE, like the other stand-ins, and a free port for a base of 0", () => {
    expect(spotlightPort({})).toBe(4016);
    expect(spotlightPort({ DEVSTACK_PORT_BASE: "4900" })).toBe(4916);
    expect(spotlightPort({ DEVSTACK_PORT_BASE: "0" })).toBe(0);
  });
});
