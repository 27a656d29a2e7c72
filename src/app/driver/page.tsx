import type { Metadata } from "next";

import { LoadBoard } from "~/components/driver/load-board";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "Load board" };

export default async function LoadBoardPage() {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["DRIVER"], "/driver");
  // Sorted from the driver's last known position or base; the browser re-sorts once the phone shares its position.
  // Awaited, not streamed: a query still pending when the HTML is sent resolves before hydration, so the server's
  // "Loading loads…" and the client's list would differ (React's hydration error #418).
  await api.driver.loadBoard.prefetch({});
  return (
    <HydrateClient>
      <LoadBoard />
    </HydrateClient>
  );
}
