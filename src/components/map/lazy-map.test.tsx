// @vitest-environment happy-dom
// A map whose chunk fails to load (offline just as the page opened) says so in its own frame with a Retry, and the
// page around it stays: nothing reaches the page's error boundary. Retry, or coming back online, imports it again.
// The browser's Sentry SDK is optional the same way: a chunk that fails never throws into the page.
import { act, cleanup, render, screen } from "@testing-library/react";
import { Component, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { startBrowserSdk } from "~/components/monitoring/browser-monitoring";
import { lazyMap, MAP_LOAD_FAILED } from "./lazy-map";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The page's own error boundary (app/error.tsx): it must never see the map's failure. */
class PageBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? <h1>Something went wrong</h1> : this.props.children;
  }
}

function chunkLoadError(): Error {
  const error = new Error("Loading chunk app/map failed. (error: /_next/static/chunks/map.js)");
  error.name = "ChunkLoadError";
  return error;
}

const Map = ({ label }: { label: string }) => <p>Map of {label}</p>;

describe("a lazily loaded map whose chunk fails", () => {
  it("shows the map's fallback with Retry, keeps the page, and loads on Retry", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const load = vi
      .fn<() => Promise<{ default: typeof Map }>>()
      .mockRejectedValueOnce(chunkLoadError())
      .mockResolvedValue({ default: Map });
    const LazyMap = lazyMap(load);
    render(
      <PageBoundary>
        <LazyMap label="the lane" />
        <form aria-label="Delivery">
          <input aria-label="Recipient's name" />
        </form>
      </PageBoundary>,
    );

    expect(await screen.findByText(MAP_LOAD_FAILED)).toBeTruthy();
    expect(screen.queryByText("Something went wrong")).toBeNull();
    expect(screen.getByRole("form", { name: "Delivery" })).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(1);

    await act(async () => screen.getByRole("button", { name: "Retry" }).click());
    expect(await screen.findByText("Map of the lane")).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(2);
    expect(screen.queryByText(MAP_LOAD_FAILED)).toBeNull();
  });

  it("imports it again by itself when the browser comes back online", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const load = vi
      .fn<() => Promise<{ default: typeof Map }>>()
      .mockRejectedValueOnce(chunkLoadError())
      .mockResolvedValue({ default: Map });
    const LazyMap = lazyMap(load);
    render(<LazyMap label="the yard" />);
    expect(await screen.findByText(MAP_LOAD_FAILED)).toBeTruthy();

    await act(async () => void window.dispatchEvent(new Event("online")));
    expect(await screen.findByText("Map of the yard")).toBeTruthy();
  });
});

describe("the browser's Sentry SDK whose chunk fails", () => {
  it("settles quietly and starts once back online", async () => {
    const init = vi.fn();
    const load = vi
      .fn<() => Promise<never>>()
      .mockRejectedValueOnce(chunkLoadError())
      .mockResolvedValue({ init, spotlightBrowserIntegration: vi.fn() } as never);
    const opts = { dsn: "https://key@sentry.example/1", environment: "test", spotlight: null };

    await expect(startBrowserSdk(opts, load)).resolves.toBeNull();
    expect(init).not.toHaveBeenCalled();

    window.dispatchEvent(new Event("online"));
    await vi.waitFor(() => expect(init).toHaveBeenCalledTimes(1));
    expect(load).toHaveBeenCalledTimes(2);
  });
});
