import type { Metadata } from "next";
import { Suspense } from "react";

import { boardInput, parseBoardFilters } from "~/components/driver/board-filters";
import { BoardSkeleton, LoadBoard } from "~/components/driver/load-board";
import { type TSearchParamsRecord, toURLSearchParams } from "~/components/ui/search-params";
import { requirePageSession } from "~/server/auth/page-session";
import { viewerUnits } from "~/server/units";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "Load board" };

export default async function LoadBoardPage({ searchParams }: { searchParams: Promise<TSearchParamsRecord> }) {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  const session = await requirePageSession(["DRIVER"], "/driver");
  // Radius and rate in the URL are in the viewer's units (miles or km), as the browser reads them.
  const units = await viewerUnits(session.user.units);
  const filters = parseBoardFilters(toURLSearchParams(await searchParams), units);
  // Distances from the driver's last known position or base; the browser re-asks once the phone shares its
  // position. Awaited, not streamed: a query still pending when the HTML is sent resolves before hydration, so the
  // server's skeleton and the client's list would differ (React's hydration error #418). Date filters mean the
  // viewer's days, and only the browser knows its time zone: those boards load there (both renders show the skeleton).
  if (!filters.from && !filters.to) await api.driver.loadBoard.prefetchInfinite(boardInput(filters, undefined, units));
  return (
    <HydrateClient>
      <Suspense fallback={<BoardSkeleton />}>
        <LoadBoard />
      </Suspense>
    </HydrateClient>
  );
}
