// @vitest-environment happy-dom
// An upload that failed offers "Retry" only when sending the same file again can help (offline, a network or server
// fault); a file refused for what it is (type by its bytes, size) says why and to choose another. The drop zone
// words its call to action for the pointer by CSS alone, so the server's HTML hydrates without a mismatch.
import { act, cleanup, render, screen } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { UploadThingError } from "uploadthing/server";
import { afterEach, describe, expect, it, vi } from "vitest";

import { UploadArea, UploadRow } from "./shipment-files";
import { CHOOSE_ANOTHER, isTransientUploadError, messageFor, type TUploadItem } from "./use-upload-queue";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const file = new File([new Uint8Array([1, 2, 3])], "bol.pdf", { type: "application/pdf" });
const item = (change: Partial<TUploadItem>): TUploadItem => ({
  id: "1",
  file,
  route: "shipmentDocument",
  status: "failed",
  progress: 0,
  message: null,
  retryable: false,
  ...change,
});
const row = (it: TUploadItem) => (
  <ul>
    <UploadRow item={it} onCancel={() => undefined} onRetry={() => undefined} onDismiss={() => undefined} />
  </ul>
);

describe("what a failed upload says", () => {
  it("the SDK's own wording for an unreadable server answer becomes words for people", () => {
    const error = new UploadThingError({
      code: "UPLOAD_FAILED",
      message: "Failed to parse response from UploadThing server",
    });
    expect(messageFor(error)).toBe("The upload service had a problem. Retry in a moment.");
    expect(isTransientUploadError(error)).toBe(true);
  });
});

describe("which upload failures can be retried", () => {
  it("a network failure, a server fault and being offline are transient", () => {
    expect(isTransientUploadError(new TypeError("Failed to fetch"))).toBe(true);
    expect(isTransientUploadError(new UploadThingError({ code: "UPLOAD_FAILED", message: "x" }))).toBe(true);
    expect(isTransientUploadError(new UploadThingError({ code: "INTERNAL_SERVER_ERROR", message: "x" }))).toBe(true);
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    expect(isTransientUploadError(new UploadThingError({ code: "TOO_LARGE", message: "x" }))).toBe(true);
  });

  it("a refused type, size or count is not", () => {
    for (const code of ["BAD_REQUEST", "TOO_LARGE", "TOO_MANY_FILES", "FORBIDDEN"] as const) {
      expect(isTransientUploadError(new UploadThingError({ code, message: "x" })), code).toBe(false);
    }
  });
});

describe("an upload's row after a failure", () => {
  it("a file refused by its contents shows why and to choose another, with no Retry", () => {
    render(row(item({ message: '"bol.pdf" is not a PDF, JPEG, PNG file (judged by its contents, not its name).' })));
    expect(screen.getByText(/judged by its contents/)).toBeTruthy();
    expect(screen.getByText(CHOOSE_ANOTHER)).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Retry/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Dismiss bol.pdf" })).toBeTruthy();
  });

  it("a transient failure or a cancelled upload offers Retry and no advice to change the file", () => {
    render(row(item({ message: "The upload failed. Check your connection and retry.", retryable: true })));
    expect(screen.getByRole("button", { name: "Retry bol.pdf" })).toBeTruthy();
    expect(screen.queryByText(CHOOSE_ANOTHER)).toBeNull();
    cleanup();
    render(row(item({ status: "cancelled", message: "Cancelled.", retryable: true })));
    expect(screen.getByRole("button", { name: "Retry bol.pdf" })).toBeTruthy();
  });
});

describe("the drop zone's words", () => {
  it("says drag on a precise pointer and choose on a touch screen, by media query, and hydrates unchanged", async () => {
    const html = renderToString(<UploadArea add={() => undefined} />);
    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const parsed = container.innerHTML;
    const drag = container.querySelector('[data-pointer="fine"]')!;
    const touch = container.querySelector('[data-pointer="coarse"]')!;
    expect(drag.textContent).toBe("Drag files here, or click to choose");
    expect(drag.className.split(" ")).toContain("pointer-coarse:hidden");
    expect(touch.textContent).toBe("Choose files");
    expect(touch.className.split(" ")).toEqual(expect.arrayContaining(["hidden", "pointer-coarse:inline"]));

    const mismatches: unknown[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void mismatches.push(args));
    const root = await act(async () =>
      hydrateRoot(container, <UploadArea add={() => undefined} />, {
        onRecoverableError: (e) => void mismatches.push(e),
      }),
    );
    expect(mismatches).toEqual([]);
    expect(container.innerHTML).toBe(parsed);
    act(() => root.unmount());
    container.remove();
  });
});
