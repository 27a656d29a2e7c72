"use client";

// The chat of one shipment between its shipper, its driver and support (admins), for every page that shows the
// shipment. State lives in useShipmentChat; this file only lays it out.
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";

import { useNow } from "~/components/time/use-now";
import { useViewerZone } from "~/components/time/viewer-zone";
import { ConnectionIndicator } from "~/components/realtime/connection-indicator";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { cx } from "~/components/ui/cx";
import { Spinner } from "~/components/ui/spinner";
import { formatInZone } from "~/lib/viewer-zone";
import { Avatar } from "~/components/files/avatar";
import { uploadFiles } from "~/components/files/uploadthing";
import { useSingleUpload } from "~/components/files/use-single-upload";
import { CHAT_SIZE_CAP, CHAT_VIDEO_MAX_S, chatSizeCap, formatBytes } from "~/lib/upload-rules";
import { AttachmentPreview, formatDuration, measureVideo } from "./chat-attachment";
import { MessageText } from "./message-text";
import type { TOutboxEntry } from "./outbox";
import { useShipmentChat, type TChatMessage } from "./use-shipment-chat";

/** Same as the server's limit (MESSAGE_MAX in send-message.ts); the counter shows from COUNTER_FROM on. */
const MAX = 2_000;
const COUNTER_FROM = 1_800;

const roleLabel: Record<TChatMessage["senderRole"], string> = {
  SHIPPER: "Shipper",
  DRIVER: "Driver",
  ADMIN: "Support",
};

/** "2:05 PM", or "Mar 3, 2:05 PM" when not today, in the viewer's zone `zone` (IANA). */
function shortTime(date: Date, zone: string): string {
  const day = (d: Date) => new Intl.DateTimeFormat("en-US", { timeZone: zone, dateStyle: "short" }).format(d);
  const today = day(new Date()) === day(date);
  return new Intl.DateTimeFormat("en-US", {
    ...(today ? {} : { day: "numeric", month: "short" }),
    hour: "numeric",
    minute: "2-digit",
    timeZone: zone,
  }).format(date);
}

/** The chat of shipment `shipmentId` for its shipper, its assigned driver or an admin. */
export function ShipmentChat({ shipmentId }: { shipmentId: string }) {
  const headingId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const isVisible = useCallback(() => {
    const el = scroller.current;
    if (!el || document.visibilityState !== "visible") return false;
    const box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }, []);
  const chat = useShipmentChat(shipmentId, { isVisible });

  // Mark read when the chat scrolls into view.
  const { markVisibleRead } = chat;
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) markVisibleRead();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [markVisibleRead, chat.query.isSuccess]);

  // Scrolling: stay at the bottom for new messages (when already there, or when they are mine); keep the
  // message in view when an older page is added above it.
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const atBottom = useRef(true);
  const lastId = chat.messages.at(-1)?.id;
  const lastMine = chat.messages.at(-1)?.senderId === chat.me?.id;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height);
      anchor.current = null;
    } else if (atBottom.current || lastMine) {
      el.scrollTop = el.scrollHeight;
    }
  }, [lastId, lastMine, chat.messages.length, chat.pending.length]);

  async function loadOlder() {
    const el = scroller.current;
    if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    await chat.older.load();
  }

  if (chat.query.isPending) {
    return (
      <ChatFrame headingId={headingId}>
        <div className="flex justify-center py-8 text-slate-600">
          <Spinner label="Loading messages…" />
        </div>
      </ChatFrame>
    );
  }
  if (chat.query.isError) {
    return (
      <ChatFrame headingId={headingId}>
        <Alert tone={chat.query.error.data?.code === "NOT_FOUND" ? "info" : "error"}>
          {chat.query.error.data?.code === "NOT_FOUND"
            ? "This chat is not available to you."
            : "The messages could not be loaded. Check your connection and try again."}
        </Alert>
        {chat.query.error.data?.code !== "NOT_FOUND" ? (
          <Button variant="secondary" size="sm" className="mt-3" onClick={() => void chat.query.refetch()}>
            Try again
          </Button>
        ) : null}
      </ChatFrame>
    );
  }

  const data = chat.query.data;
  const empty = chat.messages.length === 0 && chat.pending.length === 0;
  return (
    <ChatFrame headingId={headingId}>
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
        className="max-h-[28rem] min-h-32 overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-3"
      >
        {chat.older.cursor ? (
          <div className="mb-3 flex flex-col items-center gap-1">
            <Button
              variant="secondary"
              size="sm"
              pending={chat.older.loading}
              pendingLabel="Loading…"
              onClick={() => void loadOlder()}
            >
              Load earlier messages
            </Button>
            {chat.older.error ? <p className="text-sm text-red-700">{chat.older.error}</p> : null}
          </div>
        ) : null}
        {empty ? (
          <p className="py-6 text-center text-sm text-slate-600">
            No messages yet. {data.writable ? "Write to the other party here; support can read this chat too." : null}
          </p>
        ) : (
          <div role="log" aria-label="Messages" aria-live="polite">
            <ol className="space-y-3">
              {chat.messages.map((m) => (
                <MessageItem key={m.id} message={m} mine={m.senderId === chat.me?.id} seen={m.id === chat.seenId} />
              ))}
              {chat.pending.map((p) => (
                <PendingItem
                  key={p.clientId}
                  entry={p}
                  offline={chat.networkDown}
                  pausedUntil={chat.pausedUntil}
                  onRetry={() => void chat.retry(p.clientId)}
                  onDelete={() => void chat.discard(p.clientId)}
                />
              ))}
            </ol>
          </div>
        )}
      </div>
      <p aria-live="polite" className="mt-1 min-h-5 text-sm text-slate-600 italic">
        {chat.typingNames.length > 0
          ? `${chat.typingNames.join(", ")} ${chat.typingNames.length > 1 ? "are" : "is"} typing…`
          : ""}
      </p>
      {data.writable ? (
        <Composer shipmentId={shipmentId} onSend={chat.send} onTyping={chat.notifyTyping} />
      ) : (
        <p role="note" className="mt-2 text-sm text-slate-600">
          {data.closedNote}
        </p>
      )}
    </ChatFrame>
  );
}

function ChatFrame({ headingId, children }: { headingId: string; children: React.ReactNode }) {
  return (
    <section
      aria-labelledby={headingId}
      data-testid="shipment-chat"
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6"
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          Messages
        </h2>
        <ConnectionIndicator />
      </div>
      {children}
    </section>
  );
}

function MessageItem({ message, mine, seen }: { message: TChatMessage; mine: boolean; seen: boolean }) {
  const zone = useViewerZone();
  return (
    <li className={cx("flex flex-col", mine ? "items-end" : "items-start")} data-message-id={message.id}>
      <p className="flex items-center gap-1.5 text-xs text-slate-600">
        <Avatar fileId={message.senderAvatarFileId} name={message.senderName} size={20} />
        <span className="font-semibold text-slate-800">{mine ? "You" : message.senderName}</span>
        {" · "}
        {roleLabel[message.senderRole]}
        {" · "}
        <time dateTime={message.createdAt.toISOString()} title={formatInZone(message.createdAt, "datetime", zone)}>
          {shortTime(message.createdAt, zone)}
        </time>
      </p>
      {message.attachment ? (
        <div className="mt-1 max-w-[85%]" data-testid="chat-attachment">
          <AttachmentPreview attachment={message.attachment} />
        </div>
      ) : null}
      {message.body ? (
        <p
          className={cx(
            "mt-0.5 max-w-[85%] rounded-2xl px-3 py-2 text-sm break-words whitespace-pre-wrap",
            mine ? "bg-brand-600 text-white" : "border border-slate-200 bg-white text-slate-900",
          )}
        >
          <MessageText body={message.body} />
        </p>
      ) : null}
      {seen ? <p className="mt-0.5 text-xs text-slate-600">Seen</p> : null}
    </li>
  );
}

function PendingItem({
  entry,
  offline,
  pausedUntil,
  onRetry,
  onDelete,
}: {
  entry: TOutboxEntry;
  offline: boolean;
  /** Epoch ms until which the server asked for a pause (rate limit), or null. */
  pausedUntil: number | null;
  onRetry: () => void;
  onDelete: () => void;
}) {
  const failed = entry.state === "failed";
  const now = useNow(1_000);
  const waitSec = pausedUntil !== null ? Math.ceil((pausedUntil - now) / 1000) : 0;
  return (
    <li className="flex flex-col items-end" data-pending={entry.state}>
      <p
        className={cx(
          "max-w-[85%] rounded-2xl px-3 py-2 text-sm break-words whitespace-pre-wrap",
          failed ? "border border-red-300 bg-red-50 text-red-950" : "bg-brand-100 text-slate-900",
        )}
      >
        {entry.attachmentName ? <span className="block font-medium">Attachment: {entry.attachmentName}</span> : null}
        {entry.body}
      </p>
      {failed ? (
        <div className="mt-1 flex flex-wrap items-center justify-end gap-2 text-xs">
          <span role="alert" className="text-red-700">
            Not sent: {entry.error}
          </span>
          <Button size="sm" variant="secondary" onClick={onRetry}>
            Retry
          </Button>
          <Button size="sm" variant="ghost" onClick={onDelete}>
            Delete
          </Button>
        </div>
      ) : (
        <p className="mt-0.5 text-xs text-slate-600">
          {offline
            ? "Waiting for connection…"
            : waitSec > 0
              ? `Paused: too many messages in a short time. Sends by itself in ${waitSec} s.`
              : "Sending…"}
        </p>
      )}
    </li>
  );
}

const CHAT_ACCEPT =
  "image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf,video/mp4,video/quicktime,video/webm";
const ATTACH_HINT = `Photos and PDFs up to ${formatBytes(CHAT_SIZE_CAP.image)}, videos up to ${formatBytes(CHAT_SIZE_CAP.video)} and ${CHAT_VIDEO_MAX_S / 60} minutes.`;

/** Why the browser refuses `file` before uploading it (type, size, length), or null. */
function refusalOf(file: File): string | null {
  const ok = /^(image\/(jpeg|png|webp|heic|heif)|application\/pdf|video\/(mp4|quicktime|webm))$/.test(file.type);
  if (!ok) return `"${file.name}" is not a photo, a PDF or a video (MP4, MOV, WebM).`;
  const cap = chatSizeCap(file.type);
  if (file.size > cap) return `"${file.name}" is ${formatBytes(file.size)}; the limit is ${formatBytes(cap)}.`;
  if (file.size === 0) return `"${file.name}" is empty.`;
  return null;
}

const WAIT_UPLOAD = "Wait for the attachment to finish uploading.";
const WAIT_PREPARE = "Wait for the video to be ready: it is being prepared.";
/** How long the composer waits for a video's poster frame to upload before sending the video without one (ms). */
const POSTER_WAIT_MS = 20_000;

/** The file being attached: `fileId` once the server kept it; `preparing` while its video is measured or its poster sent. */
type TAttachment = { file: File; fileId: string | null; preparing: boolean };

function Composer({
  shipmentId,
  onSend,
  onTyping,
}: {
  shipmentId: string;
  onSend: (body: string, attachment?: { fileId: string; name: string }) => Promise<void>;
  onTyping: () => void;
}) {
  const inputId = useId();
  const counterId = useId();
  const attachHintId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [attachment, setAttachment] = useState<TAttachment | null>(null);
  const upload = useSingleUpload();
  const length = body.trim().length;
  const tooLong = length > MAX;

  // Each attach has a number; Remove or another attach makes the running one stale, so nothing it finishes later
  // (the upload, the poster) brings a removed or replaced file back.
  const attachSeq = useRef(0);

  function removeAttachment() {
    attachSeq.current += 1;
    upload.cancel();
    setAttachment(null);
    setError(null);
    upload.reset();
  }

  async function attach(file: File | undefined) {
    if (fileInput.current) fileInput.current.value = "";
    if (!file) return;
    const refusal = refusalOf(file);
    if (refusal) {
      setError(refusal);
      return;
    }
    const seq = ++attachSeq.current;
    const current = () => attachSeq.current === seq;
    setError(null);
    const isVideo = file.type.startsWith("video/");
    setAttachment({ file, fileId: null, preparing: isVideo });
    const video = isVideo ? await measureVideo(file) : null;
    if (!current()) return;
    if (video?.durationMs && video.durationMs > CHAT_VIDEO_MAX_S * 1000) {
      setAttachment(null);
      setError(
        `"${file.name}" is ${formatDuration(video.durationMs)} long; send videos of at most ${CHAT_VIDEO_MAX_S / 60} minutes.`,
      );
      return;
    }
    setAttachment({ file, fileId: null, preparing: false });
    const fileId = await upload.run((opts) =>
      uploadFiles("chatAttachment", {
        files: [file],
        input: { shipmentId, ...(video?.durationMs != null ? { durationMs: video.durationMs } : {}) },
        ...opts,
      }),
    );
    if (!fileId || !current()) return;
    if (video?.poster) {
      setAttachment({ file, fileId: null, preparing: true });
      // The poster is a nicety: the video is sent without one if this fails or takes longer than POSTER_WAIT_MS.
      const poster = new File([video.poster], "poster.jpg", { type: "image/jpeg" });
      await uploadFiles("chatVideoPoster", {
        files: [poster],
        input: { fileId },
        signal: AbortSignal.timeout(POSTER_WAIT_MS),
      }).catch(() => undefined);
      if (!current()) return;
    }
    setAttachment({ file, fileId, preparing: false });
    // Ready: a "wait" said when Send was pressed too early no longer applies.
    setError((e) => (e === WAIT_UPLOAD || e === WAIT_PREPARE ? null : e));
  }

  async function submit() {
    const text = body.trim();
    if (attachment && !attachment.fileId) {
      setError(
        upload.status === "uploading"
          ? WAIT_UPLOAD
          : attachment.preparing
            ? WAIT_PREPARE
            : upload.retryable
              ? "Remove the attachment or retry it."
              : "Remove the attachment, or choose another file.",
      );
      return;
    }
    if (!text && !attachment) {
      setError("Write a message first.");
      return;
    }
    if (tooLong) {
      setError(`Messages can be at most ${MAX.toLocaleString("en")} characters.`);
      return;
    }
    setError(null);
    setBody("");
    const sending = attachment?.fileId ? { fileId: attachment.fileId, name: attachment.file.name } : undefined;
    setAttachment(null);
    upload.reset();
    try {
      await onSend(text, sending);
    } catch {
      setBody(text);
      setError("The message could not be saved on this device. Try again.");
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  }

  return (
    <form
      className="mt-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        Message
      </label>
      <textarea
        id={inputId}
        value={body}
        rows={2}
        onChange={(e) => {
          setBody(e.target.value);
          if (error) setError(null);
          if (e.target.value.trim()) onTyping();
        }}
        onKeyDown={onKeyDown}
        aria-describedby={counterId}
        aria-invalid={tooLong || !!error}
        className="mt-1 block w-full resize-y rounded-lg border border-slate-300 px-3 py-2 text-base sm:text-sm"
      />
      {attachment ? (
        <div className="mt-2 rounded-lg border border-slate-200 bg-slate-50 p-2 text-sm" aria-live="polite">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="min-w-0 break-all">
              <span className="font-medium">{attachment.file.name}</span> · {formatBytes(attachment.file.size)}
              {attachment.fileId
                ? " · ready to send"
                : upload.status === "uploading"
                  ? " · uploading…"
                  : attachment.preparing
                    ? " · preparing the video…"
                    : ""}
            </span>
            <span className="flex gap-2">
              {upload.status === "uploading" ? (
                <Button type="button" size="sm" variant="secondary" onClick={upload.cancel}>
                  Cancel
                </Button>
              ) : null}
              {/* Retry only where sending the same file again can help: not after the server refused its content. */}
              {(upload.status === "failed" || upload.status === "cancelled") && upload.retryable ? (
                <Button type="button" size="sm" variant="secondary" onClick={() => void attach(attachment.file)}>
                  Retry
                </Button>
              ) : null}
              {upload.status !== "uploading" ? (
                <Button type="button" size="sm" variant="ghost" onClick={removeAttachment}>
                  Remove<span className="sr-only"> {attachment.file.name}</span>
                </Button>
              ) : null}
            </span>
          </div>
          {upload.status === "uploading" ? (
            <progress
              className="mt-2 h-2 w-full"
              max={100}
              value={upload.progress}
              aria-label={`Uploading ${attachment.file.name}`}
            />
          ) : null}
          {upload.message && upload.status !== "done" ? (
            <p className={cx("mt-1", upload.status === "failed" ? "text-red-800" : "text-slate-600")}>
              {upload.message}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
        <p id={counterId} className={cx("text-xs", tooLong ? "font-semibold text-red-700" : "text-slate-600")}>
          {length >= COUNTER_FROM
            ? `${length.toLocaleString("en")} / ${MAX.toLocaleString("en")} characters`
            : "Enter sends, Shift+Enter adds a line."}
        </p>
        <span className="flex items-center gap-2">
          <input
            ref={fileInput}
            type="file"
            accept={CHAT_ACCEPT}
            className="sr-only"
            aria-label="Attach a photo, PDF or video"
            aria-describedby={attachHintId}
            data-testid="chat-attach-input"
            onChange={(e) => void attach(e.target.files?.[0])}
          />
          <Button
            type="button"
            size="sm"
            variant="secondary"
            disabled={upload.status === "uploading"}
            onClick={() => fileInput.current?.click()}
          >
            Attach
          </Button>
          <Button type="submit" size="sm" disabled={tooLong}>
            Send
          </Button>
        </span>
      </div>
      <p id={attachHintId} className="mt-1 text-xs text-slate-600">
        {ATTACH_HINT}
      </p>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
