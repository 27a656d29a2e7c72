// Contract suite: a small app built with the official `inngest` SDK (its Node serve handler, cloud mode, signed)
// against the devstack executor. Every feature the app relies on is exercised through the SDK, and every refusal
// is checked on the wire.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { nextCronTime } from "./executor";
import { startInngestStandIn, type InngestStandIn } from "./index";
import { canonicalJson, hashedSigningKey, signBody } from "./protocol";

type RunView = {
  run_id: string;
  function_id: string;
  status: string;
  output: unknown;
  error: { message: string } | null;
  attempts: number;
  /** When the executor first called the app for the run (ISO 8601); null while queued. */
  started_at: string | null;
  history: Array<{ kind: string; name?: string; output?: unknown; error?: unknown }>;
};

const APP_ID = "contract-app";
const fnId = (id: string) => `${APP_ID}-${id}`;

/** What the functions did, in order: the tests assert on these effects, not on calls. */
const effects: string[] = [];
const counters = new Map<string, number>();
const bump = (key: string) => {
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  return n;
};
const windows: Array<{ key: string; start: number; end: number }> = [];
const starts: number[] = [];
/** When each attempt of a run reached its handler (ms), per event id. */
const callTimes = new Map<string, number[]>();

function buildApp(executorUrl: string, eventKey: string, signingKey: string) {
  const inngest = new Inngest({
    id: APP_ID,
    isDev: false,
    baseUrl: executorUrl,
    eventKey,
    signingKey,
    logger: silentLogger,
  });
  const functions = [
    inngest.createFunction({ id: "two-steps", triggers: [{ event: "test/two-steps" }] }, async ({ event, step }) => {
      const a = await step.run("first", () => {
        bump(`first:${event.id}`);
        return `A${String(event.data.n)}`;
      });
      const b = await step.run("second", () => {
        bump(`second:${event.id}`);
        return `${a}B`;
      });
      return { result: b };
    }),
    inngest.createFunction(
      { id: "only-big", triggers: [{ event: "test/order", if: "event.data.total >= 100" }] },
      async ({ event }) => {
        effects.push(`big:${String(event.data.total)}`);
        return "ok";
      },
    ),
    inngest.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ step }) => {
      const before = await step.run("before", () => Date.now());
      await step.sleep("nap", "1s");
      await step.sleepUntil("until", new Date(Date.now() + 200));
      return { sleptMs: await step.run("measure", () => Date.now() - before) };
    }),
    inngest.createFunction({ id: "waiter", triggers: [{ event: "test/wait.start" }] }, async ({ step }) => {
      const got = await step.waitForEvent("approval", {
        event: "test/wait.approved",
        match: "data.orderId",
        timeout: "5s",
      });
      const none = await step.waitForEvent("never", { event: "test/wait.never", timeout: "200ms" });
      return { approvedBy: got?.data.by ?? null, none };
    }),
    inngest.createFunction({ id: "fan-out", triggers: [{ event: "test/fan-out" }] }, async ({ event, step }) => {
      const ids = await step.sendEvent("emit", { name: "test/fanned", data: { from: event.id } });
      return { sent: ids.ids.length };
    }),
    inngest.createFunction({ id: "fanned", triggers: [{ event: "test/fanned" }] }, async ({ event }) => {
      effects.push(`fanned:${String(event.data.from)}`);
    }),
    inngest.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
      const [x, y] = await Promise.all([step.run("x", () => "x"), step.run("y", () => "y")]);
      return x + y;
    }),
    inngest.createFunction({ id: "flaky", triggers: [{ event: "test/flaky" }] }, async ({ event, step }) => {
      return step.run("call-provider", () => {
        if (bump(`flaky:${event.id}`) < 3) throw new Error("provider timed out");
        return "delivered";
      });
    }),
    inngest.createFunction(
      {
        id: "always-fails",
        retries: 1,
        triggers: [{ event: "test/fails" }],
        onFailure: async ({ event, error }) => {
          effects.push(`on-failure:${String(event.data.event.id)}:${error.message}`);
        },
      },
      async ({ event, step }) => {
        await step.run("doomed", () => {
          bump(`fails:${event.id}`);
          throw new Error("still broken");
        });
      },
    ),
    inngest.createFunction(
      { id: "default-retries", triggers: [{ event: "test/default-retries" }] },
      async ({ event }) => {
        bump(`default:${event.id}`);
        callTimes.set(event.id!, [...(callTimes.get(event.id!) ?? []), Date.now()]);
        throw new Error("down for good");
      },
    ),
    inngest.createFunction(
      { id: "non-retriable", triggers: [{ event: "test/non-retriable" }] },
      async ({ event, step }) => {
        await step.run("refuse", () => {
          bump(`nonretriable:${event.id}`);
          throw new NonRetriableError("address is invalid");
        });
      },
    ),
    inngest.createFunction(
      {
        id: "one-at-a-time",
        concurrency: { limit: 1, key: "event.data.key" },
        triggers: [{ event: "test/concurrency" }],
      },
      async ({ event, step }) => {
        await step.run("work", async () => {
          const start = Date.now();
          await new Promise((r) => setTimeout(r, 150));
          windows.push({ key: String(event.data.key), start, end: Date.now() });
        });
      },
    ),
    inngest.createFunction(
      { id: "throttled", throttle: { limit: 1, period: "1s" }, triggers: [{ event: "test/throttle" }] },
      async () => {
        starts.push(Date.now());
      },
    ),
    inngest.createFunction(
      {
        id: "cancellable",
        cancelOn: [{ event: "test/cancel", match: "data.orderId" }],
        triggers: [{ event: "test/cancellable" }],
      },
      async ({ event, step }) => {
        await step.sleep("long", "10s");
        effects.push(`not-cancelled:${String(event.data.orderId)}`);
      },
    ),
    inngest.createFunction(
      { id: "nightly", triggers: [{ cron: "TZ=America/Chicago 0 3 * * *" }] },
      async ({ event }) => {
        effects.push(`cron:${event.name}`);
        return "ran";
      },
    ),
    inngest.createFunction({ id: "restartable", triggers: [{ event: "test/restart" }] }, async ({ event, step }) => {
      await step.sleep("across-restart", "1200ms");
      return step.run("after", () => `woke:${String(event.data.tag)}`);
    }),
  ];
  return { inngest, functions };
}

const silentLogger = { info() {}, warn() {}, error() {}, debug() {} };

async function listen(handler: Parameters<typeof createServer>[1], port = 0): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

let executor: InngestStandIn;
let app: Server;
let appUrl: string;
let client: Inngest;
let journalDir: string;
const signingKey = `signkey-test-${"ab12".repeat(16)}`;
const eventKey = "evt_contract";

async function api<T>(path: string): Promise<T> {
  // No keep-alive: the journal test restarts the executor, and a pooled socket to the old one would fail.
  const res = await fetch(`${executor.url}${path}`, {
    headers: { Authorization: `Bearer ${hashedSigningKey(signingKey)}`, Connection: "close" },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Polls the executor's REST API until every run of the event has ended (or `count` runs exist and ended). */
async function runsOf(eventId: string, count = 1, timeoutMs = 8000): Promise<RunView[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await api<{ data: RunView[] }>(`/v1/events/${eventId}/runs`);
    if (data.length >= count && data.every((r) => ["Completed", "Failed", "Cancelled"].includes(r.status))) return data;
    if (Date.now() > until)
      throw new Error(`runs of ${eventId} did not end: ${JSON.stringify(data.map((r) => r.status))}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

async function send(name: string, data: Record<string, unknown> = {}, id?: string): Promise<string> {
  const { ids } = await client.send({ name, data, ...(id ? { id } : {}) });
  return ids[0] ?? "";
}

beforeAll(async () => {
  journalDir = mkdtempSync(join(tmpdir(), "inngest-contract-"));
  executor = await startInngestStandIn({
    signingKey,
    eventKey,
    journalFile: join(journalDir, "journal.json"),
    retryBaseMs: 30,
    log: () => {},
  });
  const built = buildApp(executor.url, eventKey, signingKey);
  client = built.inngest;
  app = await listen(serve({ client: built.inngest, functions: built.functions }));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`;
  const [synced] = await executor.sync(appUrl);
  expect(synced).toMatchObject({ ok: true, status: 200 });
});

afterAll(async () => {
  await executor?.close();
  app?.closeAllConnections();
  await new Promise((r) => app?.close(r));
  rmSync(journalDir, { recursive: true, force: true });
});

describe("sync", () => {
  it("registers the app's functions from its serve endpoint", async () => {
    const res = await fetch(`${executor.url}/__functions`);
    const { functions } = (await res.json()) as { functions: Array<{ id: string }> };
    expect(functions.map((f) => f.id)).toEqual(expect.arrayContaining([fnId("two-steps"), fnId("nightly")]));
  });

  it("refuses a sync without the signing key, with a wrong one, and one declaring an unsupported option", async () => {
    const payload = { url: appUrl, appName: "x", functions: [] };
    const noKey = await fetch(`${executor.url}/fn/register`, { method: "POST", body: JSON.stringify(payload) });
    expect(noKey.status).toBe(401);
    const wrong = await fetch(`${executor.url}/fn/register`, {
      method: "POST",
      body: JSON.stringify(payload),
      headers: { Authorization: `Bearer ${hashedSigningKey(`signkey-test-${"cd34".repeat(16)}`)}` },
    });
    expect(wrong.status).toBe(401);

    const register = (functions: unknown[]) =>
      fetch(`${executor.url}/fn/register`, {
        method: "POST",
        body: JSON.stringify({ url: appUrl, appName: "raw", functions }),
        headers: { Authorization: `Bearer ${hashedSigningKey(signingKey)}` },
      });
    const step = { step: { id: "step", name: "step", runtime: { type: "http", url: appUrl } } };
    const badCron = await register([{ id: "raw-c", triggers: [{ cron: "61 * * * *" }], steps: step }]);
    expect(badCron.status).toBe(400);
    expect(await badCron.json()).toMatchObject({ error: expect.stringContaining('invalid cron "61 * * * *"') });
    const badIf = await register([
      { id: "raw-e", triggers: [{ event: "a/b", expression: "event.data.x ==" }], steps: step },
    ]);
    expect(await badIf.json()).toMatchObject({ status: 400, error: expect.stringContaining("invalid expression") });

    const other = new Inngest({
      id: "debouncer",
      isDev: false,
      baseUrl: executor.url,
      eventKey,
      signingKey,
      logger: silentLogger,
    });
    const fn = other.createFunction(
      { id: "d", debounce: { period: "5s" }, triggers: [{ event: "test/d" }] },
      async () => "never",
    );
    const server = await listen(serve({ client: other, functions: [fn] }));
    try {
      const [result] = await executor.sync(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`);
      expect(result?.ok).toBe(false);
      expect(result?.message).toContain('"debounce" is not supported');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("events", () => {
  it("refuses a wrong event key and an event without a name", async () => {
    const wrongKey = new Inngest({
      id: APP_ID,
      isDev: false,
      baseUrl: executor.url,
      eventKey: "evt_wrong",
      signingKey,
      logger: silentLogger,
    });
    await expect(wrongKey.send({ name: "test/two-steps", data: {} })).rejects.toThrow(/Event key not found/);
    const res = await fetch(`${executor.url}/e/${eventKey}`, { method: "POST", body: JSON.stringify([{ data: {} }]) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, error: "event 0 has no name" });
  });

  it("takes a batch, returns one id per event, and processes an event id once in 24 h", async () => {
    const { ids } = await client.send([
      { name: "test/order", data: { total: 150 }, id: "order-150" },
      { name: "test/order", data: { total: 20 } },
      { name: "test/order", data: { total: 150 }, id: "order-150" },
    ]);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe("order-150");
    expect(ids[2]).toBe("order-150");
    await send("test/order", { total: 150 }, "order-150");
    const runs = await runsOf("order-150");
    expect(runs).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(effects.filter((e) => e === "big:150")).toHaveLength(1);
  });

  it("starts a function only when its trigger's if expression holds", async () => {
    const small = await send("test/order", { total: 99 });
    const big = await send("test/order", { total: 250 });
    expect(await runsOf(big)).toHaveLength(1);
    const { data } = await api<{ data: RunView[] }>(`/v1/events/${small}/runs`);
    expect(data).toEqual([]);
    expect(effects).not.toContain("big:99");
  });
});

describe("runs", () => {
  it("memoises steps: each step body runs once and the output is the function's return value", async () => {
    const id = await send("test/two-steps", { n: 7 });
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ status: "Completed", output: { result: "A7B" } });
    expect(counters.get(`first:${id}`)).toBe(1);
    expect(counters.get(`second:${id}`)).toBe(1);
    expect(run?.history.filter((h) => h.kind === "step").map((h) => [h.name, h.output])).toEqual([
      ["first", "A7"],
      ["second", "A7B"],
    ]);
  });

  it("sleeps for a duration and until a time", async () => {
    const id = await send("test/sleep");
    const [run] = await runsOf(id);
    expect(run, JSON.stringify(run?.history)).toMatchObject({ status: "Completed" });
    expect((run?.output as { sleptMs: number }).sleptMs).toBeGreaterThanOrEqual(1180);
  });

  it("waits for a matching event, and returns null when the wait times out", async () => {
    const id = await send("test/wait.start", { orderId: "o-1" });
    await new Promise((r) => setTimeout(r, 150));
    await send("test/wait.approved", { orderId: "o-other", by: "mallory" });
    await send("test/wait.approved", { orderId: "o-1", by: "ada" });
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ status: "Completed", output: { approvedBy: "ada", none: null } });
  });

  it("sends events from a step, which start their own runs", async () => {
    const id = await send("test/fan-out");
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ status: "Completed", output: { sent: 1 } });
    await expect.poll(() => effects.includes(`fanned:${id}`)).toBe(true);
  });

  it("runs parallel steps and resumes once both are memoised", async () => {
    const [run] = await runsOf(await send("test/parallel"));
    expect(run).toMatchObject({ status: "Completed", output: "xy" });
  });
});

describe("retries", () => {
  it("retries a failing step with back-off until it succeeds", async () => {
    const id = await send("test/flaky");
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ status: "Completed", output: "delivered" });
    expect(counters.get(`flaky:${id}`)).toBe(3);
    expect(run?.history.filter((h) => h.kind === "retry")).toHaveLength(2);
  });

  it("gives up after the function's retry count and records the failure", async () => {
    const id = await send("test/fails");
    const [run] = await runsOf(id);
    expect(run?.status).toBe("Failed");
    expect(run?.error?.message).toContain("still broken");
    expect(counters.get(`fails:${id}`)).toBe(2); // 1 attempt + retries: 1
    // The failure starts the function's onFailure handler, with the original event and the error.
    await expect.poll(() => effects.find((e) => e.startsWith(`on-failure:${id}:`))).toContain("still broken");
  });

  it("retries 4 times by default (5 attempts), here for an error thrown outside any step", async () => {
    const id = await send("test/default-retries");
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ status: "Failed", error: { message: "down for good" } });
    expect(counters.get(`default:${id}`)).toBe(5);
    // Each retry waits its back-off (30 ms doubled per attempt here), also when the function itself throws: the
    // retry is scheduled while that call is still in flight, and once it was queued for "now" instead.
    const times = callTimes.get(id)!;
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(30 * 2 ** (i - 1));
  });

  it("does not retry a NonRetriableError", async () => {
    const id = await send("test/non-retriable");
    const [run] = await runsOf(id);
    expect(run?.status).toBe("Failed");
    expect(run?.error?.message).toContain("address is invalid");
    expect(counters.get(`nonretriable:${id}`)).toBe(1);
  });
});

describe("flow control", () => {
  it("runs one step at a time per concurrency key, different keys side by side", async () => {
    const ids = await Promise.all(["a", "a", "a", "b"].map((key) => send("test/concurrency", { key })));
    for (const id of ids) await runsOf(id);
    const a = windows.filter((w) => w.key === "a").sort((x, y) => x.start - y.start);
    expect(a).toHaveLength(3);
    for (let i = 1; i < a.length; i++) expect(a[i]!.start).toBeGreaterThanOrEqual(a[i - 1]!.end);
    const b = windows.find((w) => w.key === "b")!;
    expect(a.some((w) => w.start < b.end && b.start < w.end)).toBe(true);
  });

  it("throttles starts to the declared rate", async () => {
    const ids = [await send("test/throttle"), await send("test/throttle")];
    const runs = [];
    for (const id of ids) runs.push(...(await runsOf(id)));
    expect(starts).toHaveLength(2);
    // The throttle governs when the executor starts a run (its first call to the app). The handler's own clock
    // is not the measure: on a loaded machine the first call can reach the handler later than the second does.
    // (A run started at most 100 ms after its slot still counts; an unthrottled pair starts a few ms apart.)
    const [first, second] = runs.map((r) => Date.parse(r.started_at ?? "")).sort((x, y) => x - y);
    expect(second! - first!).toBeGreaterThanOrEqual(900);
  });

  it("cancels a run when a matching cancel event arrives, and not for another order", async () => {
    const keep = await send("test/cancellable", { orderId: "keep" });
    const drop = await send("test/cancellable", { orderId: "drop" });
    await new Promise((r) => setTimeout(r, 150));
    await send("test/cancel", { orderId: "drop" });
    const [cancelled] = await runsOf(drop);
    expect(cancelled?.status).toBe("Cancelled");
    const { data } = await api<{ data: RunView[] }>(`/v1/events/${keep}/runs`);
    expect(data[0]?.status).toBe("Running");
  });
});

describe("crons", () => {
  it("computes the next firing in the trigger's time zone", () => {
    // 03:00 in Chicago is 09:00 UTC in winter (CST, UTC-6) and 08:00 UTC in summer (CDT, UTC-5).
    expect(
      new Date(nextCronTime("TZ=America/Chicago 0 3 * * *", Date.parse("2026-01-10T12:00:00Z"))!).toISOString(),
    ).toBe("2026-01-11T09:00:00.000Z");
    expect(
      new Date(nextCronTime("TZ=America/Chicago 0 3 * * *", Date.parse("2026-07-10T12:00:00Z"))!).toISOString(),
    ).toBe("2026-07-11T08:00:00.000Z");
  });

  it("fires a cron function on demand through the development route", async () => {
    const res = await fetch(`${executor.url}/__cron/${fnId("nightly")}`, { method: "POST" });
    expect(res.status).toBe(200);
    const { event_id } = (await res.json()) as { event_id: string };
    const [run] = await runsOf(event_id);
    expect(run).toMatchObject({ status: "Completed", output: "ran" });
    expect(effects).toContain("cron:inngest/scheduled.timer");
    const missing = await fetch(`${executor.url}/__cron/${fnId("two-steps")}`, { method: "POST" });
    expect(missing.status).toBe(404);
  });
});

describe("dev server mode", () => {
  it("without keys it serves an SDK in dev mode (INNGEST_DEV): unsigned calls, any event key", async () => {
    const dev = await startInngestStandIn({ signingKey: null, eventKey: null, log: () => {} });
    const devClient = new Inngest({ id: "dev-app", isDev: true, baseUrl: dev.url, logger: silentLogger });
    const fn = devClient.createFunction({ id: "echo", triggers: [{ event: "dev/echo" }] }, async ({ event, step }) =>
      step.run("echo", () => `echo:${String(event.data.word)}`),
    );
    const server = await listen(serve({ client: devClient, functions: [fn] }));
    try {
      expect(dev.env).toEqual({ INNGEST_BASE_URL: dev.url, INNGEST_DEV: dev.url });
      const [synced] = await dev.sync(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest`);
      expect(synced?.ok).toBe(true);
      const { ids } = await devClient.send({ name: "dev/echo", data: { word: "hi" } });
      await expect.poll(() => dev.runs().find((r) => r.event.id === ids[0])?.output, { timeout: 5000 }).toBe("echo:hi");
    } finally {
      await dev.close();
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("signing", () => {
  it("the app refuses call requests that are unsigned or signed with another key", async () => {
    // The SDK checks the signature against the JSON Canonicalization of the body, as the executor sends it.
    const body = canonicalJson({
      event: { name: "test/two-steps", data: { n: 1 }, id: "forged", ts: Date.now() },
      events: [],
      steps: {},
      ctx: {
        run_id: "forged",
        attempt: 0,
        disable_immediate_execution: false,
        use_api: false,
        stack: { stack: [], current: 0 },
      },
      version: 2,
    });
    const url = `${appUrl}?fnId=${fnId("two-steps")}&stepId=step`;
    const unsigned = await fetch(url, { method: "POST", body, headers: { "Content-Type": "application/json" } });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(url, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Inngest-Signature": signBody(body, `signkey-test-${"ee".repeat(32)}`, Date.now()),
      },
    });
    expect(forged.status).toBe(401);
    const genuine = await fetch(url, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json", "X-Inngest-Signature": signBody(body, signingKey, Date.now()) },
    });
    expect(genuine.status).toBe(206);
  });
});

describe("journal", () => {
  it("a run sleeping when the executor stops finishes after a restart on the same journal", async () => {
    const id = await send("test/restart", { tag: "t1" });
    await expect
      .poll(async () =>
        (await api<{ data: RunView[] }>(`/v1/events/${id}/runs`)).data[0]?.history.some((h) => h.kind === "sleep"),
      )
      .toBe(true);
    const port = executor.port;
    await executor.close();
    executor = await startInngestStandIn({
      port,
      signingKey,
      eventKey,
      journalFile: join(journalDir, "journal.json"),
      retryBaseMs: 30,
      log: () => {},
    });
    const [run] = await runsOf(id);
    expect(run).toMatchObject({ status: "Completed", output: "woke:t1" });
  });

  it("serves the run log as JSON", async () => {
    const res = await fetch(`${executor.url}/__runs?function=${fnId("two-steps")}`);
    const { runs } = (await res.json()) as { runs: RunView[] };
    expect(runs.length).toBeGreaterThan(0);
    expect(runs[0]).toMatchObject({ function_id: fnId("two-steps"), status: "Completed" });
    expect(runs[0]?.attempts).toBeGreaterThan(0);
  });
});
