"use client";

import { Alert } from "~/components/ui/alert";
import { LoadMore } from "~/components/ui/load-more";
import { api, type RouterOutputs } from "~/trpc/react";
import { DeliveredJobList } from "./job-lists";

type THistoryPage = RouterOutputs["driver"]["history"];

/** Delivered loads, newest first: the first page comes rendered from the server, "Load more" fetches the next. */
export function DeliveredHistory({ initial, total }: { initial: THistoryPage; total?: number }) {
  const query = api.driver.history.useInfiniteQuery(
    {}, // the procedure's default page size, the one the server used for `initial`
    { initialData: { pages: [initial], pageParams: [null] }, getNextPageParam: (page) => page.nextCursor },
  );
  const jobs = query.data.pages.flatMap((page) => page.items);
  return (
    <div className="space-y-3">
      <DeliveredJobList jobs={jobs} />
      <p className="text-sm text-slate-600" aria-live="polite">
        Showing {jobs.length}
        {total !== undefined ? ` of ${total}` : ""} {jobs.length === 1 ? "delivery" : "deliveries"}, newest first.
      </p>
      {query.isFetchNextPageError ? (
        <Alert tone="error">Could not load more deliveries. Check your connection and try again.</Alert>
      ) : null}
      <LoadMore query={query} />
    </div>
  );
}
