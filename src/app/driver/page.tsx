import type { Metadata } from "next";

import { LoadBoard } from "~/components/driver/load-board";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient } from "~/trpc/server";

export const metadata: Metadata = { title: "Load board" };

export default async function LoadBoardPage() {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["DRIVER"], "/driver");
  // Sorted from the driver's last known position or base; the browser re-sorts once the phone shares its position.
  void api.driver.loadBoard.prefetch({});
  return (
    <HydrateClient>
      <LoadBoard />
    </HydrateClient>
  );
}
