// @vitest-environment happy-dom
// An upload under way when the browser goes offline says so on its row (the progress bar alone just stops), and the
// message goes once the browser is back online while the upload carries on.
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { UploadRow } from "./shipment-files";
import { OFFLINE_WAITING, useUploadQueue } from "./use-upload-queue";

// The official client's upload, held open as a slow upload is: it never settles during the test.
const uploadFiles = vi.hoisted(() => vi.fn(() => new Promise<never>(() => undefined)));
vi.mock("./uploadthing", () => ({ uploadFiles }));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Queue({ file }: { file: File }) {
  const queue = useUploadQueue("shipment-1", () => undefined);
  return (
    <>
      <button type="button" onClick={() => queue.add("cargoPhoto", [file])}>
        Add
      </button>
      <ul>
        {queue.items.map((item) => (
          <UploadRow
            key={item.id}
            item={item}
            onCancel={() => queue.cancel(item.id)}
            onRetry={() => queue.retry(item)}
            onDismiss={() => queue.dismiss(item.id)}
          />
        ))}
      </ul>
    </>
  );
}

describe("an upload when the connection drops", () => {
  it("shows the offline message on the running row, and drops it back online", () => {
    const file = new File([new Uint8Array([1, 2, 3])], "pallet.jpg", { type: "image/jpeg" });
    render(<Queue file={file} />);
    act(() => screen.getByRole("button", { name: "Add" }).click());
    expect(uploadFiles).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Cancel" })).toBeTruthy();
    expect(screen.queryByText(OFFLINE_WAITING)).toBeNull();

    act(() => void window.dispatchEvent(new Event("offline")));
    expect(screen.getByText(OFFLINE_WAITING)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeTruthy();

    act(() => void window.dispatchEvent(new Event("online")));
    expect(screen.queryByText(OFFLINE_WAITING)).toBeNull();
    expect(screen.getByRole("progressbar", { name: "Uploading pallet.jpg" })).toBeTruthy();
  });

  it("says it at once when the upload starts offline", () => {
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    const file = new File([new Uint8Array([1])], "crate.jpg", { type: "image/jpeg" });
    render(<Queue file={file} />);
    act(() => screen.getByRole("button", { name: "Add" }).click());
    expect(screen.getByText(OFFLINE_WAITING)).toBeTruthy();
  });
});
