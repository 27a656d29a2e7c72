"use client";

// "Licence and insurance": a driver's own papers with their expiry dates, on the driver's account page (where they
// upload them) and on the admin's page for that driver (read only). Each opens through /api/files/<id>, which lets
// only the driver and admins through.
import { useDropzone } from "@uploadthing/react";
import { useCallback, useId, useState, type FormEvent } from "react";

import { useViewerZone } from "~/components/time/viewer-zone";
import { Alert } from "~/components/ui/alert";
import { Badge, type TBadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { cx } from "~/components/ui/cx";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { ChoiceGroup, TextField } from "~/components/ui/field";
import { Spinner } from "~/components/ui/spinner";
import { expiryState, todayIn } from "~/lib/document-expiry";
import type { TDriverDocumentKind } from "~/lib/schemas/uploads";
import { formatBytes, PERSONAL_UPLOAD_RULES } from "~/lib/upload-rules";
import { formatInZone } from "~/lib/viewer-zone";
import { api } from "~/trpc/react";
import { DropPrompt } from "./drop-prompt";
import { uploadFiles } from "./uploadthing";
import { useSingleUpload } from "./use-single-upload";
import { CHOOSE_ANOTHER } from "./use-upload-queue";

const KIND_LABEL: Record<TDriverDocumentKind, string> = { LICENCE: "Driver's licence", INSURANCE: "Insurance" };
const TONE = { expired: "danger", soon: "warning", valid: "success" } as const satisfies Record<string, TBadgeTone>;
const rule = PERSONAL_UPLOAD_RULES.driverDocument;
const ACCEPTED = /^(application\/pdf|image\/.+)$/;

/** The documents of driver `driverId`; `canUpload` for the driver themself. */
export function DriverDocuments({ driverId, canUpload }: { driverId: string; canUpload: boolean }) {
  const docs = api.files.driverDocuments.useQuery({ driverId });
  const zone = useViewerZone();
  const today = todayIn(zone);

  return (
    <Card
      title="Licence and insurance"
      description={
        canUpload
          ? "Only you and our staff can open these. Keep them current: we check the expiry dates."
          : "The driver's papers, with the expiry date the driver entered. Only the driver and admins can open them."
      }
    >
      {canUpload ? <DriverDocumentForm driverId={driverId} today={today} /> : null}
      <div className={canUpload ? "mt-6" : undefined}>
        {docs.isPending ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Spinner label="Loading documents" /> Loading documents…
          </p>
        ) : docs.isError ? (
          <Alert tone="error">Could not load the documents. Check your connection and reload the page.</Alert>
        ) : docs.data.length === 0 ? (
          <EmptyState
            title="No licence or insurance yet"
            description={
              canUpload ? "Upload both so shippers can trust the loads to you." : "The driver has not uploaded any."
            }
          />
        ) : (
          <ul className="divide-y divide-slate-200" aria-label="Driver documents">
            {docs.data.map((d) => {
              const state = d.expiresOn ? expiryState(d.expiresOn, today) : null;
              return (
                <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3" data-document-kind={d.kind}>
                  {/* On a phone the name takes the whole line; the expiry and Delete share the next one. */}
                  <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
                    <p className="font-medium text-slate-900">
                      {KIND_LABEL[d.kind]}
                      {d.current ? null : <span className="font-normal text-slate-600"> (replaced)</span>}
                    </p>
                    <a
                      href={`/api/files/${d.id}`}
                      download={d.name}
                      className="text-sm break-all text-brand-700 underline-offset-2 hover:underline"
                    >
                      {d.name}
                    </a>
                    <p className="text-xs text-slate-600">
                      {formatBytes(d.sizeBytes)} · uploaded <DateTime value={d.createdAt} />
                    </p>
                  </div>
                  {d.expiresOn && state ? (
                    <div className="text-sm sm:text-right">
                      <p>
                        Valid through{" "}
                        <time dateTime={d.expiresOn}>
                          {formatInZone(new Date(`${d.expiresOn}T12:00:00Z`), "date", "UTC")}
                        </time>
                      </p>
                      {/* A replaced document's expiry is history: no "expires in" badge that reads as current. */}
                      {d.current ? (
                        <Badge tone={TONE[state.state]}>
                          {state.state === "expired" ? `Expired · ${state.label}` : state.label}
                        </Badge>
                      ) : null}
                    </div>
                  ) : null}
                  {canUpload ? <DeleteDocument id={d.id} name={d.name} driverId={driverId} /> : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Card>
  );
}

/**
 * "Delete" for the driver's own document, asking first ("Delete licence.pdf? This cannot be undone.") inline;
 * deletes through `files.delete` (the row and its stored objects; only the uploader or an admin may).
 */
function DeleteDocument({ id, name, driverId }: { id: string; name: string; driverId: string }) {
  const utils = api.useUtils();
  const [asking, setAsking] = useState(false);
  const remove = api.files.delete.useMutation({
    onSuccess: () => utils.files.driverDocuments.invalidate({ driverId }),
  });
  if (!asking) {
    return (
      <Button variant="ghost" size="sm" className="ml-auto" onClick={() => setAsking(true)}>
        Delete<span className="sr-only"> {name}</span>
      </Button>
    );
  }
  return (
    <div
      role="group"
      aria-label={`Delete ${name}?`}
      className="basis-full rounded-lg bg-red-50 p-3 text-sm sm:basis-auto"
    >
      <p className="font-medium text-slate-900">Delete &ldquo;{name}&rdquo;? This cannot be undone.</p>
      {remove.isError ? <p className="mt-1 text-red-800">{remove.error.message}</p> : null}
      <div className="mt-2 flex gap-2">
        <Button
          size="sm"
          variant="danger"
          pending={remove.isPending}
          pendingLabel="Deleting…"
          onClick={() => remove.mutate({ fileId: id })}
        >
          Yes, delete
        </Button>
        <Button size="sm" variant="secondary" onClick={() => setAsking(false)} disabled={remove.isPending}>
          Keep it
        </Button>
      </div>
    </div>
  );
}

function DriverDocumentForm({ driverId, today }: { driverId: string; today: string }) {
  const utils = api.useUtils();
  const upload = useSingleUpload();
  const resetUpload = upload.reset;
  const [kind, setKind] = useState<TDriverDocumentKind>("LICENCE");
  const [expiresOn, setExpiresOn] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ expiresOn?: string; file?: string }>({});
  const hintId = useId();

  const onDrop = useCallback(
    (dropped: File[]) => {
      const [first] = dropped;
      if (dropped.length > 1) return setErrors({ file: "Choose one file at a time." });
      if (!first) return;
      if (!ACCEPTED.test(first.type)) return setErrors({ file: `"${first.name}" is not a PDF or a photo.` });
      if (first.size > rule.maxFileSizeBytes) {
        return setErrors({
          file: `"${first.name}" is ${formatBytes(first.size)}; the limit is ${formatBytes(rule.maxFileSizeBytes)}.`,
        });
      }
      setErrors({});
      setFile(first);
      resetUpload(); // a new file: the last one's refusal no longer applies
    },
    [resetUpload],
  );
  const { getRootProps, getInputProps, isDragActive } = useDropzone({ onDrop, multiple: false });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: typeof errors = {};
    if (!expiresOn) next.expiresOn = "Enter the expiry date printed on the document.";
    else if (expiresOn < today) next.expiresOn = "This date is in the past: upload a document that is still valid.";
    if (!file) next.file = "Choose the PDF or photo of the document.";
    setErrors(next);
    if (Object.keys(next).length > 0 || !file) return;
    const id = await upload.run((opts) =>
      uploadFiles("driverDocument", { files: [file], input: { kind, expiresOn }, ...opts }),
    );
    if (id) {
      setFile(null);
      setExpiresOn("");
      await utils.files.driverDocuments.invalidate({ driverId });
    }
  }
  // A file refused for what it is (its type judged by its bytes, its size): sending it again cannot help, so it is
  // let go and the form asks for another one; a connection or server failure keeps it for "Retry upload".
  const refused = upload.status === "failed" && !upload.retryable && !upload.fieldErrors.expiresOn;
  if (refused && file) setFile(null);

  const serverDateError = upload.fieldErrors.expiresOn?.[0] ?? null;
  const busy = upload.status === "uploading";
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4" aria-label="Upload a driver document">
      <ChoiceGroup
        legend="Which document?"
        name="driver-document-kind"
        value={kind}
        onChange={setKind}
        options={[
          { value: "LICENCE", label: KIND_LABEL.LICENCE },
          { value: "INSURANCE", label: KIND_LABEL.INSURANCE },
        ]}
      />
      <TextField
        type="date"
        label="Expiry date"
        hint="The last day it is valid, as printed on it."
        min={today}
        value={expiresOn}
        onChange={(e) => setExpiresOn(e.target.value)}
        error={errors.expiresOn ?? serverDateError}
        className="max-w-xs"
      />
      <div>
        <div
          {...getRootProps()}
          aria-label="Document file: drop it here or press Enter to choose"
          aria-describedby={hintId}
          className={cx(
            "cursor-pointer rounded-lg border-2 border-dashed px-4 py-5 text-center text-sm focus:ring-2 focus:ring-brand-500 focus:outline-none",
            isDragActive
              ? "border-brand-500 bg-brand-50"
              : errors.file
                ? "border-red-600 bg-red-50"
                : "border-slate-300 bg-slate-50",
          )}
        >
          <input {...getInputProps()} accept="application/pdf,image/*" data-testid="driver-document-input" />
          <p className="font-medium">
            {file ? (
              file.name
            ) : isDragActive ? (
              "Drop to choose"
            ) : (
              <DropPrompt drag="Drag the file here, or click to choose" touch="Choose a file" />
            )}
          </p>
          <p id={hintId} className="mt-1 text-slate-600">
            PDF or photo, up to {formatBytes(rule.maxFileSizeBytes)}.
          </p>
        </div>
        {errors.file ? <p className="mt-1.5 text-sm font-medium text-red-700">{errors.file}</p> : null}
      </div>
      {busy ? (
        <div className="flex items-center gap-3">
          <progress className="h-2 w-full" max={100} value={upload.progress} aria-label="Uploading the document" />
          <Button type="button" size="sm" variant="secondary" onClick={upload.cancel}>
            Cancel
          </Button>
        </div>
      ) : null}
      {upload.status === "done" ? (
        <p role="status" className="text-sm text-emerald-800">
          Uploaded.
        </p>
      ) : null}
      {(upload.status === "failed" || upload.status === "cancelled") && !serverDateError ? (
        <Alert tone={upload.status === "failed" ? "error" : "info"} title={refused ? "Not uploaded" : undefined}>
          {upload.message}
          {refused ? ` ${CHOOSE_ANOTHER}` : null}
        </Alert>
      ) : null}
      <Button type="submit" pending={busy} pendingLabel="Uploading…">
        {(upload.status === "failed" || upload.status === "cancelled") && upload.retryable && file
          ? "Retry upload"
          : "Upload document"}
      </Button>
    </form>
  );
}
