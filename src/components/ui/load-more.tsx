import { Button } from "./button";

type TInfiniteQueryLike = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

/** The "Load more" button under a keyset-paged list; renders nothing once the last page is in. */
export function LoadMore({ query }: { query: TInfiniteQueryLike }) {
  if (!query.hasNextPage) return null;
  return (
    <div className="flex justify-center">
      <Button
        variant="secondary"
        onClick={() => void query.fetchNextPage()}
        pending={query.isFetchingNextPage}
        pendingLabel="Loading more…"
      >
        Load more
      </Button>
    </div>
  );
}
