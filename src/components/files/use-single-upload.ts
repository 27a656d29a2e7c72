"use client";

// One upload at a time through the official client, for the forms that send a single file (driver documents,
// avatar, chat attachments): its progress (0-100), cancel, and what went wrong, with the server's field errors when
// it refused the input (e.g. a past expiry date). The caller starts it with the typed `uploadFiles` call it needs.
import { useCallback, useRef, useState } from "react";
import { UploadAbortedError } from "uploadthing/client";

import { isTransientUploadError, messageFor } from "./use-upload-queue";

type TVerdict = { ok: boolean; fileId?: string; message?: string } | undefined;

export type TSingleUpload = {
  status: "idle" | "uploading" | "done" | "failed" | "cancelled";
  progress: number;
  message: string | null;
  fieldErrors: Record<string, string[]>;
  /** For "failed": whether sending the same file again can help (see isTransientUploadError); false when refused. */
  retryable: boolean;
};

const IDLE: TSingleUpload = { status: "idle", progress: 0, message: null, fieldErrors: {}, retryable: false };

/** Field errors the file router's errorFormatter sent back (UploadThingError.cause is the response's JSON). */
function fieldErrorsOf(error: unknown): Record<string, string[]> {
  const cause = (error as { cause?: unknown } | null)?.cause as { fieldErrors?: unknown } | undefined;
  const fields = cause?.fieldErrors;
  return fields && typeof fields === "object" ? (fields as Record<string, string[]>) : {};
}

export function useSingleUpload() {
  const [state, setState] = useState<TSingleUpload>(IDLE);
  const controller = useRef<AbortController | null>(null);

  /** Runs `start` (which calls uploadFiles with the signal and progress callback); resolves to the File id or null. */
  const run = useCallback(
    async (
      start: (opts: {
        signal: AbortSignal;
        onUploadProgress: (p: { progress: number }) => void;
      }) => Promise<{ serverData: TVerdict }[]>,
    ): Promise<string | null> => {
      const ac = new AbortController();
      controller.current = ac;
      setState({ ...IDLE, status: "uploading" });
      try {
        const [result] = await start({
          signal: ac.signal,
          onUploadProgress: ({ progress }) => setState((s) => ({ ...s, progress: Math.round(progress) })),
        });
        const verdict = result?.serverData;
        if (verdict?.ok && verdict.fileId) {
          setState({ ...IDLE, status: "done", progress: 100 });
          return verdict.fileId;
        }
        setState({ ...IDLE, status: "failed", message: verdict?.message ?? "The server did not keep the file." });
      } catch (error) {
        if (error instanceof UploadAbortedError || ac.signal.aborted) {
          setState({ ...IDLE, status: "cancelled", message: "Cancelled.", retryable: true });
        } else {
          setState({
            ...IDLE,
            status: "failed",
            message: messageFor(error),
            fieldErrors: fieldErrorsOf(error),
            retryable: isTransientUploadError(error),
          });
        }
      } finally {
        controller.current = null;
      }
      return null;
    },
    [],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);
  const reset = useCallback(() => setState(IDLE), []);
  return { ...state, run, cancel, reset };
}
