// Unit tests of the cron functions with @inngest/test (InngestTestEngine runs the real function, step by step, in
// process): each run walks its batches until the service says done, passes cursors on, stops at MAX_BATCHES and
// takes its reference time from the cron event. The services are mocked here; inngest/crons.integration.test.ts
// runs them for real through the executor.
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { autoCompleteDeliveriesFn, MAX_BATCHES as COMPLETE_MAX } from "./auto-complete-deliveries";
import { compactLocationPingsFn } from "./compact-location-pings";
import { expireStaleLoadsFn, MAX_BATCHES as EXPIRE_MAX } from "./expire-stale-loads";
import { relayOutboxFn } from "./relay-outbox";
import { MAX_BATCHES as SUMMARY_MAX, sendDailySummariesFn } from "./send-daily-summaries";
import { autoCompleteDeliveries } from "~/server/services/shipments/auto-complete-deliveries";
import { expireStaleLoads } from "~/server/services/shipments/expire-stale-loads";
import { relayOutbox } from "~/server/services/outbox/relay-outbox";
import { sendDailySummaries } from "~/server/services/summaries/send-daily-summaries";
import { COMPACT_PINGS_OLDER_THAN_MS, compactLocationPings } from "~/server/services/tracking/compact-location-pings";

// No keys: the client needs none to run functions in process.
vi.mock("~/env", () => ({ env: { NODE_ENV: "test" } }));
vi.mock("~/server/services/shipments/expire-stale-loads", () => ({ expireStaleLoads: vi.fn() }));
vi.mock("~/server/services/shipments/auto-complete-deliveries", () => ({ autoCompleteDeliveries: vi.fn() }));
vi.mock("~/server/services/summaries/send-daily-summaries", () => ({ sendDailySummaries: vi.fn() }));
vi.mock("~/server/services/outbox/relay-outbox", () => ({ relayOutbox: vi.fn() }));
vi.mock("~/server/services/tracking/compact-location-pings", () => ({
  COMPACT_PINGS_OLDER_THAN_MS: 30 * 24 * 3600_000,
  compactLocationPings: vi.fn(),
}));

/** The event Inngest sends a cron run, fired at `ts`. */
const FIRED_AT = Date.parse("2026-11-30T10:00:00Z");
const cronEvent = (cron: string) => ({
  name: "inngest/scheduled.timer",
  id: "01CRONEVENT",
  ts: FIRED_AT,
  data: { cron },
});

// A run that waits on an unmocked step would hang in @inngest/test: fail it instead.
vi.setConfig({ testTimeout: 10_000 });

beforeEach(() => {
  vi.clearAllMocks();
});

describe("expire-stale-loads", () => {
  // A fresh engine per run: one engine keeps the step results of its earlier runs.
  const engine = () => new InngestTestEngine({ function: expireStaleLoadsFn, events: [cronEvent("0 * * * *")] });

  it("runs batches at the firing time until one is not full, and sums them", async () => {
    vi.mocked(expireStaleLoads)
      .mockResolvedValueOnce({ expired: ["a", "b"], skipped: 1, done: false })
      .mockResolvedValueOnce({ expired: ["c"], skipped: 0, done: true });
    const { result, ctx } = await engine().execute();
    expect(result).toEqual({ expired: 3, skipped: 1, more: false });
    expect(vi.mocked(expireStaleLoads).mock.calls).toEqual([
      [{ now: new Date(FIRED_AT) }],
      [{ now: new Date(FIRED_AT) }],
    ]);
    expect(ctx.step.run).toHaveBeenCalledWith("expire-batch-0", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("expire-batch-1", expect.any(Function));
  });

  it("stops after MAX_BATCHES and says more is left", async () => {
    vi.mocked(expireStaleLoads).mockResolvedValue({ expired: ["x"], skipped: 0, done: false });
    const { result } = await engine().execute();
    expect(result).toEqual({ expired: EXPIRE_MAX, skipped: 0, more: true });
    expect(expireStaleLoads).toHaveBeenCalledTimes(EXPIRE_MAX);
  });

  it("resumes after the batches already done: a memoised batch is not run again", async () => {
    vi.mocked(expireStaleLoads).mockResolvedValueOnce({ expired: [], skipped: 0, done: true });
    const { result } = await engine().execute({
      steps: [{ id: "expire-batch-0", handler: () => ({ expired: ["a"], skipped: 0, done: false }) }],
    });
    expect(result).toEqual({ expired: 1, skipped: 0, more: false });
    expect(expireStaleLoads).toHaveBeenCalledTimes(1);
  });
});

describe("auto-complete-deliveries", () => {
  // A fresh engine per run: one engine keeps the step results of its earlier runs.
  const engine = () => new InngestTestEngine({ function: autoCompleteDeliveriesFn, events: [cronEvent("10 * * * *")] });

  it("runs batches at the firing time until one is not full", async () => {
    vi.mocked(autoCompleteDeliveries)
      .mockResolvedValueOnce({ completed: ["a"], skipped: 0, done: false })
      .mockResolvedValueOnce({ completed: [], skipped: 2, done: true });
    const { result } = await engine().execute();
    expect(result).toEqual({ completed: 1, skipped: 2, more: false });
    expect(autoCompleteDeliveries).toHaveBeenNthCalledWith(2, { now: new Date(FIRED_AT) });
  });

  it("stops after MAX_BATCHES", async () => {
    vi.mocked(autoCompleteDeliveries).mockResolvedValue({ completed: ["x"], skipped: 0, done: false });
    const { result } = await engine().execute();
    expect(result).toEqual({ completed: COMPLETE_MAX, skipped: 0, more: true });
  });
});

describe("compact-location-pings", () => {
  // A fresh engine per run: one engine keeps the step results of its earlier runs.
  const engine = () =>
    new InngestTestEngine({ function: compactLocationPingsFn, events: [cronEvent("TZ=UTC 30 3 * * *")] });

  it("compacts pings older than 30 days before the firing time, passing each batch's cursor to the next", async () => {
    vi.mocked(compactLocationPings)
      .mockResolvedValueOnce({ deleted: 10, cursor: "s1", done: false })
      .mockResolvedValueOnce({ deleted: 5, cursor: "s2", done: false })
      .mockResolvedValueOnce({ deleted: 0, cursor: null, done: true });
    const { result } = await engine().execute();
    expect(result).toEqual({ deleted: 15, more: false });
    const cutoff = new Date(FIRED_AT - COMPACT_PINGS_OLDER_THAN_MS);
    expect(vi.mocked(compactLocationPings).mock.calls).toEqual([
      [{ cutoff, after: null }],
      [{ cutoff, after: "s1" }],
      [{ cutoff, after: "s2" }],
    ]);
  });
});

describe("send-daily-summaries", () => {
  // A fresh engine per run: one engine keeps the step results of its earlier runs.
  const engine = () => new InngestTestEngine({ function: sendDailySummariesFn, events: [cronEvent("20 * * * *")] });

  it("walks the shippers batch by batch at the firing time", async () => {
    vi.mocked(sendDailySummaries)
      .mockResolvedValueOnce({ sent: ["u1", "u2"], skipped: 3, cursor: "u5", done: false })
      .mockResolvedValueOnce({ sent: ["u7"], skipped: 0, cursor: "u7", done: true });
    const { result } = await engine().execute();
    expect(result).toEqual({ sent: 3, more: false });
    expect(vi.mocked(sendDailySummaries).mock.calls).toEqual([
      [{ now: new Date(FIRED_AT), after: null }],
      [{ now: new Date(FIRED_AT), after: "u5" }],
    ]);
  });

  it("stops after MAX_BATCHES", async () => {
    vi.mocked(sendDailySummaries).mockResolvedValue({ sent: [], skipped: 1, cursor: "u", done: false });
    const { result } = await engine().execute();
    expect(result).toEqual({ sent: 0, more: true });
    expect(sendDailySummaries).toHaveBeenCalledTimes(SUMMARY_MAX);
  });

  it("fails the run when a batch fails, after the batches before it were memoised", async () => {
    vi.mocked(sendDailySummaries).mockRejectedValue(new Error("Email to a@b.test failed: unreachable"));
    const { error } = await engine().execute({
      steps: [{ id: "summary-batch-0", handler: () => ({ sent: ["u1"], skipped: 0, cursor: "u1", done: false }) }],
    });
    expect(error).toMatchObject({ message: expect.stringMatching(/unreachable/) });
    expect(sendDailySummaries).toHaveBeenCalledWith({ now: new Date(FIRED_AT), after: "u1" });
  });
});

describe("relay-outbox", () => {
  it("relays in one step and returns what the relay did", async () => {
    vi.mocked(relayOutbox).mockResolvedValue({ sent: 2, failed: 1 } as Awaited<ReturnType<typeof relayOutbox>>);
    // A fresh engine per run: one engine keeps the step results of its earlier runs.
    const engine = () => new InngestTestEngine({ function: relayOutboxFn, events: [cronEvent("*/5 * * * *")] });
    const { result, ctx } = await engine().execute();
    expect(result).toEqual({ sent: 2, failed: 1 });
    expect(ctx.step.run).toHaveBeenCalledWith("relay", expect.any(Function));
    expect(relayOutbox).toHaveBeenCalledTimes(1);
  });
});
