// The readiness view against the real database and real stand-ins: a service is "reachable" only while its
// stand-in is listening, the outbox age is read from real rows, and the route's answer carries no secret.
import { describe, expect, it } from "vitest";

import { startResendStandIn } from "../../../../devstack/resend/server";
import { GET } from "~/app/api/health/route";
import { env } from "~/env";
import { db } from "~/server/db";
import { cachedReadiness, checkReadiness, probeService, READINESS_CACHE_MS } from "~/server/services/health/readiness";

const DAY_SEC = 24 * 60 * 60;

describe("readiness", () => {
  it("reports a stand-in reachable while it listens and unreachable once it stops", async () => {
    const standIn = await startResendStandIn({ apiKey: "re_readiness_test" });
    const target = { name: "email", url: standIn.url };

    const up = await checkReadiness({ targets: [target] });
    expect(up.status).toBe("ok");
    expect(up.db.ok).toBe(true);
    expect(up.services).toEqual([
      { name: "email", reachable: true, latencyMs: expect.any(Number), problem: null, optional: false, note: null },
    ]);

    await standIn.close();
    const down = await checkReadiness({ targets: [target] });
    expect(down.status).toBe("degraded");
    expect(down.services[0]).toMatchObject({ name: "email", reachable: false, problem: "connection refused" });
  });

  it("an unreachable optional service (weather offline) is noted but leaves the status ok; a required one does not", async () => {
    const { createServer } = await import("node:net");
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as { port: number }).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const optional = await checkReadiness({ targets: [{ name: "weather", url, optional: true }] });
    expect(optional.status).toBe("ok");
    expect(optional.services[0]).toMatchObject({
      name: "weather",
      reachable: false,
      optional: true,
      note: expect.stringContaining("Weather unavailable"),
    });
    const required = await checkReadiness({ targets: [{ name: "email", url }] });
    expect(required.status).toBe("degraded");
    expect(required.services[0]).toMatchObject({ reachable: false, optional: false, note: null });
  });

  it("a flood of readiness requests makes one round of probes per cache period", async () => {
    const { createServer } = await import("node:http");
    let probes = 0;
    const server = createServer((_req, res) => {
      probes++;
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const targets = [{ name: "counted", url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }];
    try {
      const t0 = Date.now() + 10 * READINESS_CACHE_MS; // clear of any view the route test cached
      const views = await Promise.all(Array.from({ length: 20 }, () => cachedReadiness({ targets, now: t0 })));
      const later = await cachedReadiness({ targets, now: t0 + READINESS_CACHE_MS - 1 });
      expect(probes).toBe(1);
      expect(new Set([...views, later].map((v) => v.checkedAt)).size).toBe(1);
      await cachedReadiness({ targets, now: t0 + READINESS_CACHE_MS });
      expect(probes).toBe(2);
    } finally {
      server.close();
    }
  });

  it("gives up on a service that accepts the connection but never answers", async () => {
    const { createServer } = await import("node:net");
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const result = await probeService({ name: "slow", url: `http://127.0.0.1:${port}` }, 300);
      expect(result).toMatchObject({ reachable: false, problem: "timed out" });
      expect(result.latencyMs).toBeGreaterThanOrEqual(250);
    } finally {
      silent.close();
    }
  });

  it("reports the age of the oldest unsent outbox event, and forgets it once sent", async () => {
    const old = await db.outboxEvent.create({
      data: { name: "test/readiness.old", data: {}, createdAt: new Date(Date.now() - DAY_SEC * 1000 - 5_000) },
    });
    const before = await checkReadiness({ targets: [] });
    expect(before.outbox.unsent).toBeGreaterThanOrEqual(1);
    expect(before.outbox.oldestUnsentAgeSec).toBeGreaterThanOrEqual(DAY_SEC);
    expect(before.outbox.oldestUnsentAgeSec).toBeLessThan(DAY_SEC + 120);

    await db.outboxEvent.update({ where: { id: old.id }, data: { sentAt: new Date() } });
    const after = await checkReadiness({ targets: [] });
    expect(after.outbox.unsent).toBe(before.outbox.unsent - 1);
    expect(after.outbox.oldestUnsentAgeSec ?? 0).toBeLessThan(DAY_SEC);
  });

  it("answers GET /api/health?view=ready with each configured service and no secret", async () => {
    const res = await GET(new Request("http://localhost:3000/api/health?view=ready"));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const body = (await res.json()) as Awaited<ReturnType<typeof checkReadiness>>;
    expect(body.db.ok).toBe(true);
    // The test setup points email, realtime, SMS and weather at running stand-ins.
    const byName = Object.fromEntries(body.services.map((s) => [s.name, s.reachable]));
    expect(byName).toMatchObject({ email: true, realtime: true, sms: true, weather: true });
    const text = JSON.stringify(body);
    for (const secret of [env.RESEND_API_KEY, env.PUSHER_SECRET, env.TWILIO_AUTH_TOKEN, env.RESEND_BASE_URL]) {
      if (secret) expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/https?:\/\//);
  });

  it("keeps the plain liveness answer at GET /api/health", async () => {
    const res = await GET(new Request("http://localhost:3000/api/health"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["db", "status", "version"]);
  });
});
