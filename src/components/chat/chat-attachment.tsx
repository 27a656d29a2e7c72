"use client";

// Attachments in the chat: measuring a video in the browser before it is uploaded (length and a poster frame, drawn
// from a <video> element onto a canvas: no ffmpeg installs here, and the server bounds what it is told), and the
// preview a message shows: a photo's thumbnail, a PDF's name and size, a video with its poster and length.
import { formatBytes } from "~/lib/upload-rules";
import type { TChatAttachment } from "~/lib/realtime";

/** "0:07", "1:05": a video's length. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** The longest side of the poster frame drawn in the browser, pixels (the server re-encodes it). */
const POSTER_PX = 640;

/**
 * A video file's length (ms) and a JPEG poster frame taken about a second in, measured by the browser; nulls for
 * whatever the browser cannot decode (a MOV in some browsers): the upload still goes, the server checks it.
 */
export function measureVideo(file: File): Promise<{ durationMs: number | null; poster: Blob | null }> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const video = document.createElement("video");
    let durationMs: number | null = null;
    const done = (poster: Blob | null) => {
      clearTimeout(timer);
      URL.revokeObjectURL(url);
      video.removeAttribute("src");
      video.load();
      resolve({ durationMs, poster });
    };
    const timer = setTimeout(() => done(null), 10_000);
    video.muted = true;
    video.playsInline = true;
    video.preload = "metadata";
    video.onerror = () => done(null);
    video.onloadedmetadata = () => {
      if (Number.isFinite(video.duration)) durationMs = Math.round(video.duration * 1000);
      video.currentTime = Math.min(1, (video.duration || 0) / 2);
    };
    video.onseeked = () => {
      const scale = Math.min(1, POSTER_PX / Math.max(video.videoWidth, video.videoHeight, 1));
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
      canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
      const ctx = canvas.getContext("2d");
      if (!ctx || !video.videoWidth) return done(null);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => done(blob), "image/jpeg", 0.8);
    };
    video.src = url;
  });
}

/** What a message shows for its attachment. */
export function AttachmentPreview({ attachment: a }: { attachment: TChatAttachment }) {
  const href = `/api/files/${a.id}`;
  if (a.mimeType.startsWith("image/")) {
    const scale = a.width && a.height ? Math.min(1, 240 / Math.max(a.width, a.height)) : 1;
    return (
      <a href={href} download={a.name} className="block" title={`Download ${a.name}`}>
        {/* eslint-disable-next-line @next/next/no-img-element -- a private, short-lived signed URL behind a redirect: next/image would cache it publicly. */}
        <img
          src={`${href}?size=thumbnail`}
          alt={`Photo: ${a.name}`}
          width={a.width ? Math.round(a.width * scale) : 240}
          height={a.height ? Math.round(a.height * scale) : 180}
          loading="lazy"
          className="max-h-60 max-w-full rounded-lg border border-slate-200 bg-slate-100 object-contain"
          data-testid="chat-attachment-image"
        />
      </a>
    );
  }
  if (a.mimeType.startsWith("video/")) {
    return (
      <figure className="max-w-xs">
        <video
          controls
          preload="none"
          playsInline
          src={href}
          poster={a.hasThumbnail ? `${href}?size=thumbnail` : undefined}
          className="w-full rounded-lg border border-slate-200 bg-black"
          aria-label={`Video: ${a.name}`}
        />
        <figcaption className="mt-1 text-xs text-slate-600">
          Video{a.durationMs !== null ? ` · ${formatDuration(a.durationMs)}` : ""} · {formatBytes(a.sizeBytes)} ·{" "}
          <a href={href} download={a.name} className="underline">
            Download
          </a>
        </figcaption>
      </figure>
    );
  }
  return (
    <a
      href={href}
      download={a.name}
      className="flex items-center gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm text-slate-900 hover:bg-slate-50"
    >
      <span aria-hidden="true" className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-bold text-red-800">
        PDF
      </span>
      <span className="min-w-0">
        <span className="block font-medium break-all">{a.name}</span>
        <span className="block text-xs text-slate-600">PDF · {formatBytes(a.sizeBytes)}</span>
      </span>
    </a>
  );
}
