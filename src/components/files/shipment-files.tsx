"use client";

// "Documents and photos" on a shipment page: the files its parties uploaded (each a download through
// /api/files/<id>, which checks the viewer) and, for those who may add some, a drop zone with a progress bar, cancel
// and retry per file.
import { useDropzone } from "@uploadthing/react";
import { useCallback, useId, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { cx } from "~/components/ui/cx";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { Spinner } from "~/components/ui/spinner";
import type { FileKind } from "~/generated/prisma/enums";
import { formatBytes, type TUploadRoute } from "~/lib/upload-rules";
import { api } from "~/trpc/react";
import { DropPrompt } from "./drop-prompt";
import { acceptFor, checkFiles, limitsHint } from "./upload-checks";
import { CHOOSE_ANOTHER, useUploadQueue, type TUploadItem } from "./use-upload-queue";

const KIND_LABEL = {
  DOCUMENT: "Document",
  PHOTO: "Cargo photo",
  VIDEO: "Video",
  POD_PHOTO: "Delivery photo",
  SIGNATURE: "Signature",
  DRIVER_LICENCE: "Driver's licence",
  DRIVER_INSURANCE: "Insurance",
  AVATAR: "Profile picture",
  CHAT_ATTACHMENT: "Chat attachment",
} as const satisfies Record<FileKind, string>;

const ROUTES: { route: TUploadRoute; label: string }[] = [
  { route: "shipmentDocument", label: "Document (bill of lading, rate confirmation, customs)" },
  { route: "cargoPhoto", label: "Cargo photo" },
];

/** Who can open a shipment's files, worded for the person looking (the driver IS the assigned driver). */
export const WHO_CAN_OPEN = {
  shipper: "Only you, the assigned driver and our staff can open these.",
  driver: "Only you, the shipper and our staff can open these.",
  admin: "Only the shipper, the assigned driver and our staff can open these.",
} as const;

/** The shipment's documents and photos; `viewer` words who else can open them. */
export function ShipmentFiles({
  shipmentId,
  canUpload,
  viewer,
}: {
  shipmentId: string;
  canUpload: boolean;
  viewer: keyof typeof WHO_CAN_OPEN;
}) {
  const utils = api.useUtils();
  const files = api.files.list.useQuery({ shipmentId });
  const refresh = useCallback(() => void utils.files.list.invalidate({ shipmentId }), [utils, shipmentId]);
  const queue = useUploadQueue(shipmentId, refresh);
  const remove = api.files.delete.useMutation({ onSettled: refresh });

  return (
    <Card title="Documents and photos" description={WHO_CAN_OPEN[viewer]}>
      {canUpload ? <UploadArea add={queue.add} /> : null}
      {queue.items.length > 0 ? (
        <ul className="mt-4 space-y-2" aria-label="Uploads">
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
      ) : null}
      <div className="mt-4">
        {files.isPending ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Spinner label="Loading files" /> Loading files…
          </p>
        ) : files.isError ? (
          <Alert tone="error">Could not load the files. Check your connection and reload the page.</Alert>
        ) : files.data.length === 0 ? (
          <EmptyState title="No documents or photos yet" description="Bills of lading and cargo photos appear here." />
        ) : (
          <>
            {remove.isError ? <Alert tone="error">{remove.error.message}</Alert> : null}
            <ul className="divide-y divide-slate-200" aria-label="Files">
              {files.data.map((f) => (
                <li key={f.id} className="flex items-center gap-3 py-2">
                  {f.width && f.height ? (
                    // eslint-disable-next-line @next/next/no-img-element -- a private, short-lived signed URL behind a redirect: next/image would cache it publicly.
                    <img
                      src={`/api/files/${f.id}?size=thumbnail`}
                      alt=""
                      width={Math.min(64, Math.round((64 * f.width) / Math.max(f.width, f.height)))}
                      height={Math.min(64, Math.round((64 * f.height) / Math.max(f.width, f.height)))}
                      loading="lazy"
                      className="size-16 shrink-0 rounded border border-slate-200 bg-slate-50 object-contain"
                    />
                  ) : null}
                  <div className="min-w-0">
                    <a
                      href={`/api/files/${f.id}`}
                      download={f.name}
                      className="font-medium break-all text-brand-700 underline-offset-2 hover:underline"
                    >
                      {f.name}
                    </a>
                    <p className="text-xs text-slate-600">
                      {KIND_LABEL[f.kind]} · {formatBytes(f.sizeBytes)}
                      {f.width && f.height ? ` · ${f.width} × ${f.height} px` : ""} · {f.owner.name} ·{" "}
                      <DateTime value={f.createdAt} />
                    </p>
                  </div>
                  {f.canDelete ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      className="ml-auto"
                      pending={remove.isPending && remove.variables.fileId === f.id}
                      pendingLabel="Deleting…"
                      onClick={() => {
                        if (window.confirm(`Delete "${f.name}"? This cannot be undone.`))
                          remove.mutate({ fileId: f.id });
                      }}
                    >
                      Delete<span className="sr-only"> {f.name}</span>
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Card>
  );
}

/** The route choice and the drop zone (worded for the pointer: DropPrompt); `add` queues the files that pass. */
export function UploadArea({ add }: { add: (route: TUploadRoute, files: File[]) => void }) {
  const [route, setRoute] = useState<TUploadRoute>("shipmentDocument");
  const [refusals, setRefusals] = useState<string[]>([]);
  const hintId = useId();
  const onDrop = useCallback(
    (dropped: File[]) => {
      const { accepted, refused, tooMany } = checkFiles(route, dropped);
      setRefusals(tooMany ? [tooMany] : refused.map((r) => r.message));
      if (accepted.length > 0) add(route, accepted);
    },
    [add, route],
  );
  const { getRootProps, getInputProps, isDragActive } = useDropzone({ onDrop, multiple: true });

  return (
    <div className="space-y-3">
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <legend className="mb-1 font-medium">What are you adding?</legend>
        {ROUTES.map((r) => (
          <label key={r.route} className="flex items-center gap-2">
            <input
              type="radio"
              name="upload-route"
              value={r.route}
              checked={route === r.route}
              onChange={() => setRoute(r.route)}
            />
            {r.label}
          </label>
        ))}
      </fieldset>
      <div
        {...getRootProps()}
        aria-label="Add files: drop them here or press Enter to choose"
        aria-describedby={hintId}
        className={cx(
          "cursor-pointer rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm focus:ring-2 focus:ring-brand-500 focus:outline-none",
          isDragActive ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-slate-50",
        )}
      >
        <input {...getInputProps()} accept={acceptFor(route)} data-testid="upload-input" />
        <p className="font-medium">
          {isDragActive ? (
            "Drop to upload"
          ) : (
            <DropPrompt drag="Drag files here, or click to choose" touch="Choose files" />
          )}
        </p>
        <p id={hintId} className="mt-1 text-slate-600">
          {limitsHint(route)}
        </p>
      </div>
      {refusals.length > 0 ? (
        <Alert tone="error" title="Not uploaded">
          <ul className="list-disc pl-5">
            {refusals.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </div>
  );
}

/**
 * One upload's row: progress and Cancel while it runs; after a failure the reason, with Retry only when sending the
 * same file again can help (`item.retryable`: offline, a network or server fault, or cancelled), else how to fix it.
 */
export function UploadRow(props: {
  item: TUploadItem;
  onCancel: () => void;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const { item } = props;
  const refused = item.status === "failed" && !item.retryable;
  return (
    <li className="rounded-lg border border-slate-200 p-3 text-sm" aria-live="polite">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="min-w-0 font-medium break-all">{item.file.name}</span>
        <span className="flex gap-2">
          {item.status === "uploading" ? (
            <Button size="sm" variant="secondary" onClick={props.onCancel}>
              Cancel
            </Button>
          ) : null}
          {(item.status === "failed" || item.status === "cancelled") && item.retryable ? (
            <Button size="sm" variant="secondary" onClick={props.onRetry}>
              Retry<span className="sr-only"> {item.file.name}</span>
            </Button>
          ) : null}
          {item.status !== "uploading" ? (
            <Button size="sm" variant="ghost" onClick={props.onDismiss} aria-label={`Dismiss ${item.file.name}`}>
              Dismiss
            </Button>
          ) : null}
        </span>
      </div>
      {item.status === "uploading" ? (
        <progress
          className="mt-2 h-2 w-full"
          max={100}
          value={item.progress}
          aria-label={`Uploading ${item.file.name}`}
        />
      ) : null}
      {item.status === "done" ? <p className="mt-1 text-emerald-800">Uploaded.</p> : null}
      {item.message && item.status !== "done" ? (
        <p className={cx("mt-1", item.status === "failed" ? "text-red-800" : "text-slate-600")}>{item.message}</p>
      ) : null}
      {refused ? <p className="mt-1 text-slate-700">{CHOOSE_ANOTHER}</p> : null}
    </li>
  );
}
