// The /dev/runs page's data: the executor's run log read over HTTP from the test run's real executor, and a cron
// fired from the page's "Run now".
import { describe, expect, it } from "vitest";

import { settleInngest, testInngest } from "../../../scripts/test/inngest";
import { fireCronNow, loadRunLog } from "./run-log";

const EXPIRE = "trial-transport-expire-stale-loads";

describe("dev run log", () => {
  it("fires a cron now and shows its run with status, attempts, step outputs and timings", async () => {
    const base = testInngest().executor.url;
    const { runId } = await fireCronNow(base, EXPIRE);
    await settleInngest();

    const log = await loadRunLog(base, { fn: EXPIRE });
    if (!log.ok) throw new Error(log.message);
    expect(log.skipped).toBe(0);
    expect(log.runs.every((r) => r.function_id === EXPIRE)).toBe(true);
    const run = log.runs.find((r) => r.run_id === runId);
    expect(run).toMatchObject({
      status: "Completed",
      event: { name: "inngest/scheduled.timer" },
      output: { expired: expect.any(Number), more: false },
      error: null,
    });
    expect(run!.attempts).toBeGreaterThanOrEqual(1);
    expect(run!.duration_ms).toEqual(expect.any(Number));
    expect(run!.history.find((h) => h.kind === "step")).toMatchObject({
      name: "expire-batch-0",
      output: { expired: expect.any(Array), done: true },
    });
    expect(log.functions).toContainEqual({ id: EXPIRE, name: expect.any(String), cron: "0 * * * *" });
    expect(log.functions.find((f) => f.id === "trial-transport-send-verification-email")?.cron).toBeNull();

    const failed = await loadRunLog(base, { fn: EXPIRE, status: "Failed" });
    expect(failed).toMatchObject({ ok: true, runs: [] });
  });

  it("refuses a function that has no cron, and reports an unreachable executor instead of throwing", async () => {
    const base = testInngest().executor.url;
    await expect(fireCronNow(base, "trial-transport-send-verification-email")).rejects.toThrow(
      /no registered function/,
    );
    const down = await loadRunLog("http://127.0.0.1:9/");
    expect(down).toMatchObject({ ok: false, message: expect.stringMatching(/Could not read the run log/) });
  });
});
