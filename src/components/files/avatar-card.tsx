"use client";

// "Profile picture" on the account page: upload (a photo, cropped to a square and stripped of its metadata by the
// server), replace or remove it. The page re-renders afterwards so the top bar shows the new picture too.
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { formatBytes, PERSONAL_UPLOAD_RULES } from "~/lib/upload-rules";
import { api } from "~/trpc/react";
import { Avatar } from "./avatar";
import { uploadFiles } from "./uploadthing";
import { useSingleUpload } from "./use-single-upload";

const rule = PERSONAL_UPLOAD_RULES.avatar;

export function AvatarCard({ fileId, name }: { fileId: string | null; name: string }) {
  const router = useRouter();
  const upload = useSingleUpload();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [typeError, setTypeError] = useState<string | null>(null);
  const remove = api.files.removeAvatar.useMutation({ onSuccess: () => router.refresh() });

  async function choose(file: File | undefined) {
    if (!file) return;
    upload.reset();
    setTypeError(null);
    if (!file.type.startsWith("image/")) return setTypeError(`"${file.name}" is not a photo.`);
    if (file.size > rule.maxFileSizeBytes) {
      return setTypeError(
        `"${file.name}" is ${formatBytes(file.size)}; the limit is ${formatBytes(rule.maxFileSizeBytes)}.`,
      );
    }
    const id = await upload.run((opts) => uploadFiles("avatar", { files: [file], ...opts }));
    if (input.current) input.current.value = "";
    if (id) router.refresh();
  }

  const busy = upload.status === "uploading";
  return (
    <Card title="Profile picture" description="Shown next to your name in the app and in shipment chats.">
      <div className="flex flex-wrap items-center gap-4">
        <Avatar fileId={fileId} name={name} size={72} />
        <div className="space-y-2">
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant="secondary"
              pending={busy}
              pendingLabel="Uploading…"
              onClick={() => input.current?.click()}
            >
              {fileId ? "Replace picture" : "Upload a picture"}
            </Button>
            {fileId ? (
              <Button
                type="button"
                variant="ghost"
                pending={remove.isPending}
                pendingLabel="Removing…"
                onClick={() => remove.mutate()}
              >
                Remove
              </Button>
            ) : null}
          </div>
          <input
            ref={input}
            type="file"
            accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
            className="sr-only"
            aria-label="Profile picture file"
            aria-describedby={hintId}
            data-testid="avatar-input"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
          <p id={hintId} className="text-sm text-slate-600">
            A photo up to {formatBytes(rule.maxFileSizeBytes)}; we crop it to a square and remove its location data.
          </p>
        </div>
      </div>
      {busy ? (
        <div className="mt-3 flex items-center gap-3">
          <progress className="h-2 w-full" max={100} value={upload.progress} aria-label="Uploading the picture" />
          <Button type="button" size="sm" variant="secondary" onClick={upload.cancel}>
            Cancel
          </Button>
        </div>
      ) : null}
      {upload.status === "failed" || typeError ? (
        <Alert tone="error" className="mt-3">
          {typeError ?? upload.message}
        </Alert>
      ) : null}
      {remove.isError ? (
        <Alert tone="error" className="mt-3">
          {remove.error.message}
        </Alert>
      ) : null}
    </Card>
  );
}
