// The roll-up cron with @inngest/test: one memoised step recomputing the days before the firing time's UTC day.
// The service is mocked; src/server/services/analytics/analytics.integration.test.ts runs it against PostgreSQL.
import { InngestTestEngine } from "@inngest/test";
import { expect, it, vi } from "vitest";

import { rollUpAnalyticsFn } from "./roll-up-analytics";
import { rollUpRecentDays } from "~/server/services/analytics/roll-up";

vi.mock("~/env", () => ({ env: { NODE_ENV: "test" } }));
vi.mock("~/server/services/analytics/roll-up", () => ({ rollUpRecentDays: vi.fn() }));

it("recomputes the recent days as of the firing time", async () => {
  const ts = Date.parse("2026-11-30T10:05:00Z");
  vi.mocked(rollUpRecentDays).mockResolvedValue({ from: "2026-11-27", to: "2026-11-30", rows: 12 });
  const engine = new InngestTestEngine({
    function: rollUpAnalyticsFn,
    events: [{ name: "inngest/scheduled.timer", id: "01CRON", ts, data: { cron: "5 * * * *" } }],
  });
  const { result } = await engine.execute();
  expect(result).toEqual({ from: "2026-11-27", to: "2026-11-30", rows: 12 });
  expect(rollUpRecentDays).toHaveBeenCalledWith({ now: new Date(ts) });
});
