"use client";

import { keepPreviousData } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { getErrorMessage } from "~/components/ui/form-errors";
import { LoadMore } from "~/components/ui/load-more";
import { PageHeader } from "~/components/ui/page-header";
import { Spinner } from "~/components/ui/spinner";
import { Distance, Rate, Weight } from "~/components/units/quantities";
import { useUnits } from "~/components/units/units-context";
import { formatMoney } from "~/lib/money";
import { vehicleLabel } from "~/lib/vehicles";
import { api, type RouterOutputs } from "~/trpc/react";
import { BigButton } from "./big-button";
import { BoardFilterForm } from "./board-filter-form";
import { boardFiltersToSearch, boardInput, hasBoardFilters, noBoardFilters, parseBoardFilters } from "./board-filters";
import { TimeRange } from "./time-range";
import { type TDevicePosition, useDevicePosition } from "./use-device-position";

type TPage = RouterOutputs["driver"]["loadBoard"];
type TLoad = TPage["loads"][number];

const REFRESH_MS = 30_000;

const sortDescription: Record<TPage["sort"], string> = {
  distance: "nearest pick-up first",
  rate: "highest rate per mile first",
  pickup: "earliest pick-up first",
};

/**
 * Open loads that fit the driver's vehicle, filtered and sorted as the URL says (see board-filters.ts), in pages of
 * 20 with "Load more"; refreshed every 30 seconds.
 */
export function LoadBoard() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const units = useUnits();
  const filters = parseBoardFilters(searchParams, units);
  const utils = api.useUtils();
  const device = useDevicePosition();
  const input = boardInput(filters, device.state === "on" ? device.position : undefined, units);
  const board = api.driver.loadBoard.useInfiniteQuery(input, {
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });

  const [refreshing, setRefreshing] = useState(false);
  const [acceptingId, setAcceptingId] = useState<string | null>(null);
  const [cardErrors, setCardErrors] = useState<Record<string, string>>({});
  // Loads another driver took while this one tried: kept on screen with the message until dismissed.
  const [taken, setTaken] = useState<Record<string, TLoad>>({});

  const accept = api.driver.accept.useMutation();

  async function refresh() {
    setRefreshing(true);
    await board.refetch();
    setRefreshing(false);
  }

  /** New filters go to the URL (replacing the entry: the back button leaves the board rather than undoing). */
  function applyFilters(search: string) {
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  }

  function onAccept(load: TLoad) {
    setAcceptingId(load.id);
    setCardErrors(({ [load.id]: _dropped, ...rest }) => rest);
    accept.mutate(
      { id: load.id },
      {
        // The button keeps its spinner until the job page replaces this one.
        onSuccess: () => {
          void utils.driver.jobs.invalidate();
          router.push(`/driver/jobs/${load.id}`);
        },
        onError: (error) => {
          setAcceptingId(null);
          setCardErrors((prev) => ({ ...prev, [load.id]: getErrorMessage(error) }));
          if (error.data?.code === "CONFLICT" || error.data?.code === "NOT_FOUND") {
            setTaken((prev) => ({ ...prev, [load.id]: load }));
            void board.refetch();
          }
        },
      },
    );
  }

  function dismiss(id: string) {
    setTaken(({ [id]: _dropped, ...rest }) => rest);
    setCardErrors(({ [id]: _dropped, ...rest }) => rest);
  }

  const pages = board.data?.pages ?? [];
  const first = pages[0];
  const loads = pages.flatMap((p) => p.loads);
  // A refused load stays where it was in the list, marked, until dismissed.
  const missingTaken = Object.values(taken).filter((t) => !loads.some((l) => l.id === t.id));
  const visible = [...loads, ...missingTaken];
  const filtered = hasBoardFilters(filters);

  return (
    <>
      <PageHeader
        title="Load board"
        description="Open loads that fit your vehicle. Filter, sort, and accept the one that suits you."
        actions={
          <Button variant="secondary" onClick={() => void refresh()} pending={refreshing} pendingLabel="Refreshing…">
            Refresh
          </Button>
        }
      />

      <BoardFilterForm
        filters={filters}
        urlKey={searchParams.toString()}
        serverErrors={board.isError ? board.error : null}
        onApply={(next) => applyFilters(boardFiltersToSearch(next))}
      />

      <div className="mt-4 mb-4 space-y-2">
        <LocationNote device={device} origin={first?.origin ?? null} sort={first?.sort ?? filters.sort} />
        <p aria-live="polite" className="text-sm text-slate-600">
          {first
            ? `${loads.length}${board.hasNextPage ? "+" : ""} ${loads.length === 1 ? "load" : "loads"}, ${sortDescription[first.sort]}. Updates every 30 seconds.`
            : ""}
        </p>
      </div>

      <section aria-label="Loads" aria-busy={board.isFetching || undefined}>
        {board.isPending ? (
          <BoardSkeleton />
        ) : board.isError && !board.data ? (
          <Alert tone="error" title="Could not load the board">
            <p>{getErrorMessage(board.error)}</p>
            {board.error.data?.code === "PRECONDITION_FAILED" ? (
              <p>
                <Link href="/account" className="font-semibold underline">
                  Go to your account
                </Link>
              </p>
            ) : board.error.data?.code === "BAD_REQUEST" ? (
              <p>
                <button type="button" className="font-semibold underline" onClick={() => applyFilters("")}>
                  Clear filters
                </button>
              </p>
            ) : (
              <p>
                <button type="button" className="font-semibold underline" onClick={() => void refresh()}>
                  Try again
                </button>
              </p>
            )}
          </Alert>
        ) : visible.length === 0 ? (
          filtered ? (
            <EmptyState
              title="No loads match these filters"
              description="Try a wider radius, other dates or a lower rate. This list checks again every 30 seconds."
              action={
                <Button variant="secondary" onClick={() => applyFilters(boardFiltersToSearch({ ...noBoardFilters }))}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              title="No loads fit your vehicle right now"
              description="New loads are posted all the time. This list checks again every 30 seconds."
              action={
                <Button
                  variant="secondary"
                  onClick={() => void refresh()}
                  pending={refreshing}
                  pendingLabel="Refreshing…"
                >
                  Check again
                </Button>
              }
            />
          )
        ) : (
          <div className="space-y-4">
            <ul className="grid gap-4 lg:grid-cols-2">
              {visible.map((load) => (
                <li key={load.id}>
                  <LoadCard
                    load={load}
                    error={cardErrors[load.id] ?? null}
                    taken={!!taken[load.id]}
                    accepting={acceptingId === load.id}
                    disabled={acceptingId !== null}
                    onAccept={() => onAccept(load)}
                    onDismiss={() => dismiss(load.id)}
                  />
                </li>
              ))}
            </ul>
            <LoadMore query={board} />
          </div>
        )}
      </section>
    </>
  );
}

function LocationNote({
  device,
  origin,
  sort,
}: {
  device: TDevicePosition;
  origin: TPage["origin"] | null;
  sort: TPage["sort"];
}) {
  const what = sort === "distance" ? "Distances and order" : "Distances";
  if (device.state === "on") {
    return <p className="text-sm text-slate-600">{what} are from where you are now.</p>;
  }
  if (device.state === "locating") {
    // The browser may be waiting for the driver to answer the permission prompt: the board is usable meanwhile.
    return (
      <p className="flex items-center gap-2 text-sm text-slate-600">
        <Spinner />
        {origin === "none"
          ? "Asking for your location to measure distances…"
          : origin === "last-position"
            ? "Distances are from your last reported position until your location comes in…"
            : "Distances are from your base until your location comes in…"}
      </p>
    );
  }
  if (origin === "none") {
    return (
      <Alert tone="info">
        Location is off and your account has no base, so distances to pick-up are unknown.{" "}
        <Link href="/account" className="font-semibold underline">
          Update your account
        </Link>
      </Alert>
    );
  }
  // The server measured from the last position the phone reported on a job (within 12 hours), else the base.
  const from = origin === "last-position" ? "your last reported position" : "your base";
  return (
    <Alert tone="info" title={`Distances are from ${from}`}>
      {device.state === "denied"
        ? "Location is off for this site. Allow location in your browser settings to measure from where you are."
        : `We could not get your location, so distances are from ${from}.`}
    </Alert>
  );
}

type TLoadCardProps = {
  load: TLoad;
  error: string | null;
  taken: boolean;
  accepting: boolean;
  disabled: boolean;
  onAccept: () => void;
  onDismiss: () => void;
};

function LoadCard({ load, error, taken, accepting, disabled, onAccept, onDismiss }: TLoadCardProps) {
  const titleId = useId();
  const errorRef = useRef<HTMLDivElement>(null);
  // The accept button may be replaced by "Dismiss": move focus to the message so it is not lost.
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  return (
    <article
      aria-labelledby={titleId}
      className={
        taken
          ? "rounded-xl border border-slate-200 bg-slate-50 p-4 opacity-90"
          : "rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      }
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-mono text-sm text-slate-600">{load.reference}</p>
          <h2 id={titleId} className="text-lg leading-snug font-semibold wrap-anywhere">
            {load.pickupCity} <span aria-hidden>→</span>
            <span className="sr-only"> to </span> {load.dropoffCity}
            {load.dropoffRegion ? `, ${load.dropoffRegion}` : ""}
          </h2>
        </div>
        <div className="shrink-0 text-right">
          <p className="text-2xl font-bold text-emerald-800">{formatMoney(load.driverPayoutCents, load.currency)}</p>
          <p className="text-xs text-slate-600">
            Your pay · <Rate centsPerMile={load.ratePerMileCents} currency={load.currency} />
          </p>
        </div>
      </div>

      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <div className="col-span-2">
          <dt className="text-slate-600">Pick-up window</dt>
          <dd className="font-medium">
            <TimeRange
              start={load.pickupWindowStart}
              end={load.pickupWindowEnd}
              zone={load.pickupTimeZone ?? undefined}
            />
          </dd>
        </div>
        <div className="col-span-2">
          <dt className="text-slate-600">Drop-off window</dt>
          <dd className="font-medium">
            <TimeRange
              start={load.dropoffWindowStart}
              end={load.dropoffWindowEnd}
              zone={load.dropoffTimeZone ?? undefined}
            />
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Deadhead (you to pick-up)</dt>
          <dd className="font-medium">
            {load.deadheadMetres !== null ? <Distance metres={load.deadheadMetres} /> : "Unknown"}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Loaded trip</dt>
          <dd className="font-medium">
            <Distance metres={load.loadedMetres} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Weight</dt>
          <dd className="font-medium">
            <Weight kg={load.weightKg} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Vehicle</dt>
          <dd className="font-medium">{vehicleLabel[load.requiredVehicleType]}</dd>
        </div>
      </dl>
      {load.cargoDescription ? (
        <p className="mt-2 line-clamp-2 text-sm text-slate-700">{load.cargoDescription}</p>
      ) : null}

      {error ? (
        <div ref={errorRef} tabIndex={-1} className="mt-3 outline-none">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}

      <div className="mt-4">
        {taken ? (
          <button
            type="button"
            onClick={onDismiss}
            className={buttonClasses({ variant: "secondary", className: "w-full" })}
          >
            Dismiss
          </button>
        ) : (
          <BigButton
            onClick={onAccept}
            pending={accepting}
            pendingLabel="Accepting…"
            disabled={disabled}
            aria-describedby={titleId}
          >
            Accept load
          </BigButton>
        )}
      </div>
    </article>
  );
}

export function BoardSkeleton() {
  return (
    <div>
      <Spinner label="Loading loads…" />
      <ul aria-hidden className="mt-4 grid gap-4 lg:grid-cols-2">
        {[0, 1, 2].map((i) => (
          <li
            key={i}
            className="animate-pulse rounded-xl border border-slate-200 bg-white p-4 motion-reduce:animate-none"
          >
            <div className="flex justify-between gap-3">
              <div className="space-y-2">
                <div className="h-3 w-20 rounded bg-slate-200" />
                <div className="h-5 w-44 rounded bg-slate-200" />
              </div>
              <div className="h-7 w-20 rounded bg-slate-200" />
            </div>
            <div className="mt-4 grid grid-cols-2 gap-3">
              <div className="h-8 rounded bg-slate-100" />
              <div className="h-8 rounded bg-slate-100" />
              <div className="h-8 rounded bg-slate-100" />
              <div className="h-8 rounded bg-slate-100" />
            </div>
            <div className="mt-4 h-14 rounded-xl bg-slate-200" />
          </li>
        ))}
      </ul>
    </div>
  );
}
