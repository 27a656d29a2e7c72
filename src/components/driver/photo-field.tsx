"use client";

// The delivery form's photo of the delivered cargo: the phone's camera (capture="environment"), then a thumbnail of
// the chosen photo with its name and a "Retake", instead of the browser's bare "Choose File / No file chosen".
import { useEffect, useRef, useState } from "react";

import { BigButton } from "./big-button";

/**
 * A labelled photo input (`id` ties the label to it; `describedBy` names the error text) showing `photo`, the file
 * chosen (null before one is), as a thumbnail through an object URL that is revoked when the photo changes or the
 * field goes. `onChange` receives each newly chosen file; cancelling the camera keeps the previous one.
 */
export function PhotoField({
  id,
  label,
  photo,
  onChange,
  describedBy,
}: {
  id: string;
  label: string;
  photo: File | null;
  onChange: (file: File) => void;
  describedBy?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    if (!photo) return setPreview(null);
    const url = URL.createObjectURL(photo);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  return (
    <>
      <label htmlFor={id} className="block text-base font-semibold text-slate-900">
        {label}
      </label>
      {/* The native input stays for the camera and the label; the buttons below open it, so it is out of the tab order. */}
      <input
        ref={input}
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        tabIndex={-1}
        aria-describedby={describedBy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onChange(file);
          // Choosing the same file again after a Retake still fires a change.
          e.target.value = "";
        }}
        className="sr-only"
      />
      {photo ? (
        <div className="flex items-center gap-3 rounded-lg border border-slate-200 p-2">
          {preview ? (
            // eslint-disable-next-line @next/next/no-img-element -- a local object URL of the file on the phone: nothing for next/image to optimise.
            <img
              src={preview}
              alt={`Chosen photo: ${photo.name}`}
              className="size-20 shrink-0 rounded border border-slate-200 bg-slate-50 object-cover"
            />
          ) : null}
          <p className="min-w-0 flex-1 text-base break-all text-slate-800">{photo.name}</p>
          <div className="shrink-0">
            <BigButton variant="secondary" onClick={() => input.current?.click()}>
              Retake<span className="sr-only"> the photo</span>
            </BigButton>
          </div>
        </div>
      ) : (
        <BigButton variant="secondary" onClick={() => input.current?.click()}>
          Take a photo
        </BigButton>
      )}
    </>
  );
}
