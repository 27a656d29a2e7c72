import { createServer, get, type Server } from "node:http";
import { Writable } from "node:stream";

import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "unit-test-secret-that-is-at-least-32-characters";
});

import { env } from "~/env";
import { encodeJwt } from "~/server/auth/jwt";
import { SESSION_COOKIE_NAME } from "~/server/auth/session-cookie";
import { isPageRequest, pageRoute, startPageAccessLog, type TPageLogLine } from "~/server/log/page-log";
import { REQUEST_ID_HEADER } from "~/server/log/request-id";

describe("pageRoute", () => {
  it("keeps the app's word segments and hides ids, tokens and references, and the query", () => {
    expect(pageRoute("/")).toBe("/");
    expect(pageRoute("/shipper/new?from=quote")).toBe("/shipper/new");
    expect(pageRoute("/driver/jobs/s3f9a0c1d2e3f4a5b6c7d8e9f")).toBe("/driver/jobs/[id]");
    expect(pageRoute("/track/Xy_9kLmN0pQrStUvWxYz12ab/opengraph-image")).toBe("/track/[id]/opengraph-image");
    expect(pageRoute("/admin/shipments/TT-7K3F9Q")).toBe("/admin/shipments/[id]");
    expect(pageRoute("/sign-in?callbackUrl=%2Fshipper")).toBe("/sign-in");
    expect(pageRoute("/%E0%A4%A")).toBe("/[unreadable]");
    expect(pageRoute("/sw.js")).toBe("/sw.js");
    expect(pageRoute("/icons/icon-192.png?v=2")).toBe("/icons/icon-192.png");
  });

  it("leaves API routes and build assets to their own logs", () => {
    expect(isPageRequest("/shipper")).toBe(true);
    expect(isPageRequest("/apis")).toBe(true);
    expect(isPageRequest("/api/trpc/account.me")).toBe(false);
    expect(isPageRequest("/api")).toBe(false);
    expect(isPageRequest("/_next/static/chunks/app.js")).toBe(false);
    expect(isPageRequest("/__nextjs_original-stack-frame")).toBe(false);
  });
});

describe("startPageAccessLog", () => {
  const lines: (TPageLogLine & { level: string; msg: string })[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")));
      done();
    },
  });
  const log = pino({ base: undefined, formatters: { level: (label) => ({ level: label }) } }, destination);
  let server: Server;
  let origin = "";
  let stop: () => void;

  beforeAll(async () => {
    stop = startPageAccessLog(log);
    // Stands in for Next.js's server: the proxy has set the request id on the response; a page streams its body.
    server = createServer((req, res) => {
      res.setHeader(REQUEST_ID_HEADER, "proxyMadeThisId01");
      if (req.url?.startsWith("/broken")) {
        res.statusCode = 500;
        res.end("error page");
        return;
      }
      if (req.url?.startsWith("/missing")) {
        res.statusCode = 404;
        res.end("not found");
        return;
      }
      res.write("<html>");
      setTimeout(() => res.end("</html>"), 60);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    stop();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Waits until the log holds `n` lines (the line is written when the response closes, after the client reads it). */
  async function linesAfter(n: number) {
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(n));
    return lines;
  }

  it("logs one line per page with method, route, status, duration until the last byte, user and request id", async () => {
    lines.length = 0;
    const cookie = await encodeJwt({
      token: { sid: "session-1", sub: "user_page_1", role: "SHIPPER" },
      secret: env.AUTH_SECRET,
    });
    const res = await fetch(`${origin}/driver/jobs/s0123456789abcdef01234567?tab=chat`, {
      headers: { cookie: `${SESSION_COOKIE_NAME}=${cookie}`, rsc: "1" },
    });
    expect(await res.text()).toBe("<html></html>");
    const [line] = await linesAfter(1);
    expect(line).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      route: "/driver/jobs/[id]",
      rsc: true,
      status: 200,
      userId: "user_page_1",
      requestId: "proxyMadeThisId01",
    });
    expect(line!.durationMs).toBeGreaterThanOrEqual(50);
    expect(line).not.toHaveProperty("aborted");
    expect(JSON.stringify(line)).not.toContain("s0123456789abcdef01234567");
  });

  it("logs the status sent (4xx at info, 5xx at warn), signed out as a null user, and never an API route", async () => {
    lines.length = 0;
    await (await fetch(`${origin}/api/trpc/account.me`)).text();
    await (await fetch(`${origin}/missing/page`)).text();
    await (await fetch(`${origin}/broken`, { method: "POST" })).text();
    const logged = await linesAfter(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logged.map((l) => [l.level, l.method, l.route, l.status, l.userId])).toEqual([
      ["info", "GET", "/missing/page", 404, null],
      ["warn", "POST", "/broken", 500, null],
    ]);
  });

  it("marks a response the client abandoned", async () => {
    lines.length = 0;
    // The browser closes the connection after the first bytes (a tab closed mid-render).
    await new Promise<void>((resolve) => {
      const req = get(`${origin}/shipper`, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
    });
    const [line] = await linesAfter(1);
    expect(line).toMatchObject({ route: "/shipper", aborted: true });
  });
});
