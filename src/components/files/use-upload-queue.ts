"use client";

// One upload per file through the official client (`uploadFiles`), so each has its own progress bar, its own cancel
// and its own retry (offered only when trying the same file again can help: see isTransientUploadError). The app's verdict on the bytes arrives as `serverData` (ok, or why the file was refused).
import { useCallback, useEffect, useRef, useState } from "react";
import { UploadAbortedError } from "uploadthing/client";

import type { TUploadRoute } from "~/lib/upload-rules";
import { uploadFiles } from "./uploadthing";

export type TUploadItem = {
  id: string;
  file: File;
  route: TUploadRoute;
  status: "uploading" | "done" | "failed" | "cancelled";
  /** 0-100. */
  progress: number;
  message: string | null;
  /**
   * For a failed upload: whether trying the same file again can help (no connection, the server's own fault). False
   * when the file itself was refused (its type judged by its bytes, its size): then only another file helps.
   */
  retryable: boolean;
};

/** What a refused file's row or form says after the reason: the way out, since sending it again cannot help. */
export const CHOOSE_ANOTHER = "Choose another file.";

/**
 * What a running upload's row says while the browser is offline: the request stays open and carries on when the
 * connection is back (if it fails instead, the row turns into a failure with Retry).
 */
export const OFFLINE_WAITING = "Offline: the upload continues when you're back online.";

/** HTTP status of UploadThing's error codes (@uploadthing/shared ERROR_CODES): 4xx is the request's fault. */
const CLIENT_FAULT_CODES = new Set([
  "BAD_REQUEST",
  "NOT_FOUND",
  "FORBIDDEN",
  "TOO_LARGE",
  "TOO_SMALL",
  "TOO_MANY_FILES",
  "KEY_TOO_LONG",
]);

/**
 * Whether a thrown upload error is transient, so that "Retry" with the same file can succeed: offline, a network
 * failure (no UploadThingError code) or a server fault (5xx codes such as UPLOAD_FAILED). An UploadThingError with a
 * 4xx code (refused type or size, too many files, bad input, no right) is not.
 */
export function isTransientUploadError(error: unknown): boolean {
  if (typeof navigator !== "undefined" && !navigator.onLine) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return true;
  return !CLIENT_FAULT_CODES.has(code);
}

/** What went wrong with an upload, in words for people (offline, too large, too many, wrong type, or the server's own). */
export function messageFor(error: unknown): string {
  if (typeof navigator !== "undefined" && !navigator.onLine) {
    return "You are offline. Retry once you have a connection.";
  }
  const text = error instanceof Error ? error.message : "";
  if (/FileSizeMismatch|too large|FileSize/i.test(text)) return "The file is larger than this kind of upload allows.";
  if (/FileCountMismatch|too many/i.test(text)) return "Too many files for this kind of upload.";
  if (/InvalidFileType|file type/i.test(text)) return "This kind of file is not accepted here.";
  // The SDK's words when the server's answer was not what it expected (a 5xx page, a proxy's error).
  if (/Failed to parse response/i.test(text)) return "The upload service had a problem. Retry in a moment.";
  return text && !/^Failed to fetch|^XHR failed/.test(text)
    ? text
    : "The upload failed. Check your connection and retry.";
}

/**
 * The queue for shipment `shipmentId`; `onUploaded` runs after each file the server kept (refresh the list). While
 * uploads run it listens to the window's "offline"/"online" events and sets their rows' message to OFFLINE_WAITING.
 */
export function useUploadQueue(shipmentId: string, onUploaded: () => void) {
  const [items, setItems] = useState<TUploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const patch = useCallback((id: string, change: Partial<TUploadItem>) => {
    setItems((all) => all.map((it) => (it.id === id ? { ...it, ...change } : it)));
  }, []);

  // While uploads run, say so when the browser goes offline (the progress bar alone just stops), and take it back
  // when it is online again.
  const uploading = items.some((it) => it.status === "uploading");
  useEffect(() => {
    if (!uploading) return;
    const mark = (offline: boolean) =>
      setItems((all) =>
        all.map((it) =>
          it.status !== "uploading"
            ? it
            : offline
              ? { ...it, message: OFFLINE_WAITING }
              : it.message === OFFLINE_WAITING
                ? { ...it, message: null }
                : it,
        ),
      );
    const onOffline = () => mark(true);
    const onOnline = () => mark(false);
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
    };
  }, [uploading]);

  const run = useCallback(
    async (item: TUploadItem) => {
      const controller = new AbortController();
      controllers.current.set(item.id, controller);
      const offline = typeof navigator !== "undefined" && !navigator.onLine;
      patch(item.id, {
        status: "uploading",
        progress: 0,
        message: offline ? OFFLINE_WAITING : null,
        retryable: false,
      });
      try {
        const [result] = await uploadFiles(item.route, {
          files: [item.file],
          input: { shipmentId },
          signal: controller.signal,
          onUploadProgress: ({ progress }) => patch(item.id, { progress: Math.round(progress) }),
        });
        const verdict = result?.serverData;
        if (verdict?.ok) {
          patch(item.id, { status: "done", progress: 100 });
          onUploaded();
        } else {
          // The app's verdict on the bytes (type by content, size): the same file would be refused again.
          patch(item.id, {
            status: "failed",
            message: verdict?.message ?? "The server did not keep the file.",
            retryable: false,
          });
        }
      } catch (error) {
        if (error instanceof UploadAbortedError || controller.signal.aborted) {
          patch(item.id, { status: "cancelled", message: "Cancelled.", retryable: true });
        } else {
          patch(item.id, { status: "failed", message: messageFor(error), retryable: isTransientUploadError(error) });
        }
      } finally {
        controllers.current.delete(item.id);
      }
    },
    [onUploaded, patch, shipmentId],
  );

  const add = useCallback(
    (route: TUploadRoute, files: File[]) => {
      const fresh = files.map((file) => ({
        id: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
        file,
        route,
        status: "uploading" as const,
        progress: 0,
        message: null,
        retryable: false,
      }));
      setItems((all) => [...fresh, ...all]);
      for (const item of fresh) void run(item);
    },
    [run],
  );

  const cancel = useCallback((id: string) => controllers.current.get(id)?.abort(), []);
  const retry = useCallback((item: TUploadItem) => void run(item), [run]);
  const dismiss = useCallback((id: string) => setItems((all) => all.filter((it) => it.id !== id)), []);

  return { items, add, cancel, retry, dismiss };
}
