"use client";

// A map loaded as its own chunk after first paint, which must never take its page down: when the chunk fails (the
// phone went offline just as the page opened, a deploy replaced the chunk) or the map itself throws, the map's frame
// says so with a Retry, and the rest of the page (the delivery form, the files, the status) carries on. Retry, or
// the browser coming back online, imports the chunk again: React.lazy keeps a rejected import for good, so each try
// makes a fresh lazy component.
import {
  Component,
  lazy,
  Suspense,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ComponentType,
  type ErrorInfo,
  type ReactNode,
} from "react";

import { reportBrowserError } from "~/components/monitoring/browser-monitoring";
import { Button } from "~/components/ui/button";
import { MapPlaceholder } from "./map-placeholder";

/** What the map's frame says when the map could not load. */
export const MAP_LOAD_FAILED = "The map could not load (offline?)";

type TBoundaryProps = { children: ReactNode; onRetry: () => void; fallback?: (retry: ReactNode) => ReactNode };

/** Catches what the map's chunk or the map itself throws, so it stays in the map's frame. */
export class MapErrorBoundary extends Component<TBoundaryProps, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    // A chunk that failed offline is no bug; anything else is worth knowing about.
    if (!isChunkLoadError(error)) reportBrowserError(error);
    void info;
  }

  render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const retry = (
      <Button size="sm" variant="secondary" onClick={this.props.onRetry}>
        Retry
      </Button>
    );
    if (this.props.fallback) return this.props.fallback(retry);
    return (
      <div role="alert" className="flex h-full w-full flex-col items-center justify-center gap-2 bg-sky-50 p-4 text-sm">
        <p className="text-slate-800">{MAP_LOAD_FAILED}</p>
        {retry}
      </div>
    );
  }
}

/** Whether `error` is a failed chunk (webpack's and Turbopack's ChunkLoadError, or a failed dynamic import). */
export function isChunkLoadError(error: unknown): boolean {
  const e = error as { name?: unknown; message?: unknown } | null;
  return (
    e?.name === "ChunkLoadError" ||
    (typeof e?.message === "string" &&
      /Loading chunk|Failed to load chunk|dynamically imported module|Importing a module script failed/i.test(
        e.message,
      ))
  );
}

const noSubscribe = () => () => undefined;

/**
 * A component that loads `load`'s default export on the client only (nothing on the server: map libraries need the
 * window), showing `loading` meanwhile and, if the chunk fails or the component throws, MAP_LOAD_FAILED with a Retry
 * (or `fallback(retryButton)`). It tries again by itself when the browser comes back online.
 */
export function lazyMap<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
  options: { loading?: () => ReactNode; fallback?: (retry: ReactNode) => ReactNode } = {},
): ComponentType<P> {
  const loading = options.loading ?? (() => <MapPlaceholder />);
  function LazyMap(props: P) {
    const [attempt, setAttempt] = useState(0);
    const [failed, setFailed] = useState(false);
    // One lazy component per attempt: a rejected import is kept by React.lazy, so a retry needs a new one.
    const Inner = useMemo(
      () =>
        lazy(() =>
          load().catch((error: unknown) => {
            setFailed(true);
            throw error;
          }),
        ),
      // eslint-disable-next-line react-hooks/exhaustive-deps -- `attempt` is the point: a new import per try.
      [attempt],
    );
    const client = useSyncExternalStore(
      noSubscribe,
      () => true,
      () => false,
    );
    const retry = () => {
      setFailed(false);
      setAttempt((n) => n + 1);
    };
    useEffect(() => {
      if (!failed) return;
      const onOnline = () => {
        setFailed(false);
        setAttempt((n) => n + 1);
      };
      window.addEventListener("online", onOnline);
      return () => window.removeEventListener("online", onOnline);
    }, [failed]);
    if (!client) return <>{loading()}</>;
    return (
      <MapErrorBoundary key={attempt} onRetry={retry} fallback={options.fallback}>
        <Suspense fallback={loading()}>
          <Inner {...props} />
        </Suspense>
      </MapErrorBoundary>
    );
  }
  return LazyMap;
}
