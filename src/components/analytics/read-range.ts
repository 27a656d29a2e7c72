// The range an analytics page shows, from its ?from=&to= search params: the last 90 days when none is given, and
// when the given one is invalid (with the reason to show).
import { firstParam, type TSearchParamsRecord } from "~/components/ui/search-params";
import { lastDays, type TAnalyticsRange, ZAnalyticsRangeSchema } from "~/lib/schemas/analytics";

export const DEFAULT_DAYS = 90;

export function readRange(params: TSearchParamsRecord): { range: TAnalyticsRange; error?: string } {
  const from = firstParam(params.from);
  const to = firstParam(params.to);
  if (from === undefined && to === undefined) return { range: lastDays(DEFAULT_DAYS) };
  const parsed = ZAnalyticsRangeSchema.safeParse({ from, to });
  if (parsed.success) return { range: parsed.data };
  return { range: lastDays(DEFAULT_DAYS), error: parsed.error.issues[0]?.message ?? "That range is not valid." };
}
