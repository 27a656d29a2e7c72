"use client";

import { keepPreviousData } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { getErrorMessage } from "~/components/ui/form-errors";
import { PageHeader } from "~/components/ui/page-header";
import { Spinner } from "~/components/ui/spinner";
import { formatMoney } from "~/lib/money";
import { vehicleLabel } from "~/lib/vehicles";
import { api, type RouterOutputs } from "~/trpc/react";
import { BigButton } from "./big-button";
import { formatKg, formatKm } from "./format";
import { TimeRange } from "./time-range";
import { type TDevicePosition, useDevicePosition } from "./use-device-position";

type TLoad = RouterOutputs["driver"]["loadBoard"]["loads"][number];
type TOrigin = RouterOutputs["driver"]["loadBoard"]["origin"];

const REFRESH_MS = 30_000;

/** The open loads that fit the driver's vehicle, nearest pick-up first; refreshed every 30 seconds. */
export function LoadBoard() {
  const router = useRouter();
  const utils = api.useUtils();
  const device = useDevicePosition();
  const input = device.state === "on" ? { position: device.position } : {};
  const board = api.driver.loadBoard.useQuery(input, {
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

  const loads = board.data?.loads ?? [];
  const missingTaken = Object.values(taken).filter((t) => !loads.some((l) => l.id === t.id));
  const visible = [...loads, ...missingTaken].sort((a, b) => (a.deadheadKm ?? 0) - (b.deadheadKm ?? 0));

  return (
    <>
      <PageHeader
        title="Load board"
        description="Open loads that fit your vehicle, nearest pick-up first."
        actions={
          <Button variant="secondary" onClick={() => void refresh()} pending={refreshing} pendingLabel="Refreshing…">
            Refresh
          </Button>
        }
      />

      <div className="mb-4 space-y-2">
        <LocationNote device={device} origin={board.data?.origin ?? null} />
        <p aria-live="polite" className="text-sm text-slate-600">
          {board.data
            ? `${loads.length} ${loads.length === 1 ? "load fits" : "loads fit"} your vehicle. Updates every 30 seconds.`
            : ""}
        </p>
      </div>

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
          ) : (
            <p>
              <button type="button" className="font-semibold underline" onClick={() => void refresh()}>
                Try again
              </button>
            </p>
          )}
        </Alert>
      ) : visible.length === 0 ? (
        <EmptyState
          title="No loads fit your vehicle right now"
          description="New loads are posted all the time. This list checks again every 30 seconds."
          action={
            <Button variant="secondary" onClick={() => void refresh()} pending={refreshing} pendingLabel="Refreshing…">
              Check again
            </Button>
          }
        />
      ) : (
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
      )}
    </>
  );
}

function LocationNote({ device, origin }: { device: TDevicePosition; origin: TOrigin | null }) {
  if (device.state === "on") {
    return <p className="text-sm text-slate-600">Sorted by distance from where you are now.</p>;
  }
  if (device.state === "locating") {
    // The browser may be waiting for the driver to answer the permission prompt: the board is usable meanwhile.
    return (
      <p className="flex items-center gap-2 text-sm text-slate-600">
        <Spinner />
        {origin === "none"
          ? "Asking for your location to sort loads by distance…"
          : "Sorted by distance from your base until your location comes in…"}
      </p>
    );
  }
  if (origin === "none") {
    return (
      <Alert tone="info">
        Location is off and your account has no base, so loads are not sorted by distance.{" "}
        <Link href="/account" className="font-semibold underline">
          Update your account
        </Link>
      </Alert>
    );
  }
  return (
    <Alert tone="info" title="Sorted by distance from your base">
      {device.state === "denied"
        ? "Location is off for this site. Allow location in your browser settings to sort loads from where you are."
        : "We could not get your location, so distances are from your base."}
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
  const perKm = load.distanceKm > 0 ? Math.round(load.driverPayoutCents / load.distanceKm) : null;

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
          </h2>
        </div>
        <div className="shrink-0 text-right">
          <p className="text-2xl font-bold text-emerald-800">{formatMoney(load.driverPayoutCents, load.currency)}</p>
          <p className="text-xs text-slate-600">
            Your pay{perKm !== null ? ` · ${formatMoney(perKm, load.currency)}/km` : ""}
          </p>
        </div>
      </div>

      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <div className="col-span-2">
          <dt className="text-slate-600">Pick-up window</dt>
          <dd className="font-medium">
            <TimeRange start={load.pickupWindowStart} end={load.pickupWindowEnd} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Trip distance</dt>
          <dd className="font-medium">{formatKm(load.distanceKm)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">You to pick-up</dt>
          <dd className="font-medium">{load.deadheadKm !== null ? formatKm(load.deadheadKm) : "Unknown"}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Weight</dt>
          <dd className="font-medium">{formatKg(load.weightKg)}</dd>
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

function BoardSkeleton() {
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
