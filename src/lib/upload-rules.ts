// Each upload route's rules, in one place for the file router (src/server/uploads/file-router.ts), the checks after
// upload (src/server/services/files/record-upload.ts, check-upload.ts) and the UI's hints. Sizes are bytes. `sniffed` lists the
// types the file's own bytes must show (magic bytes, `file-type`), whatever its name or the browser claims.

export type TUploadRoute = "shipmentDocument" | "cargoPhoto" | "podPhoto" | "podSignature";

export type TUploadRule = {
  /** Shown in the UI: what the route is for. */
  label: string;
  kind: "DOCUMENT" | "PHOTO" | "POD_PHOTO" | "SIGNATURE";
  /** Who may upload: the shipment's parties (shipper, assigned driver, admin) or its assigned driver only. */
  uploaders: "parties" | "assigned-driver";
  /** UploadThing's size string (powers of two only), the same limit as `maxFileSizeBytes`. */
  maxFileSize: "1MB" | "8MB";
  maxFileSizeBytes: number;
  maxFileCount: number;
  /** Content types the bytes must be (from their magic numbers). */
  sniffed: readonly string[];
};

const MB = 1024 * 1024;
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"] as const;

export const UPLOAD_RULES: Record<TUploadRoute, TUploadRule> = {
  shipmentDocument: {
    label: "Shipment documents (bill of lading, rate confirmation, customs): PDF or photo",
    kind: "DOCUMENT",
    uploaders: "parties",
    maxFileSize: "8MB",
    maxFileSizeBytes: 8 * MB,
    maxFileCount: 5,
    sniffed: ["application/pdf", ...PHOTO_TYPES],
  },
  cargoPhoto: {
    label: "Cargo photos",
    kind: "PHOTO",
    uploaders: "parties",
    maxFileSize: "8MB",
    maxFileSizeBytes: 8 * MB,
    maxFileCount: 10,
    sniffed: PHOTO_TYPES,
  },
  podPhoto: {
    label: "Proof-of-delivery photo",
    kind: "POD_PHOTO",
    uploaders: "assigned-driver",
    maxFileSize: "8MB",
    maxFileSizeBytes: 8 * MB,
    maxFileCount: 1,
    sniffed: PHOTO_TYPES,
  },
  podSignature: {
    label: "Recipient's signature",
    kind: "SIGNATURE",
    uploaders: "assigned-driver",
    maxFileSize: "1MB",
    maxFileSizeBytes: 1 * MB,
    maxFileCount: 1,
    sniffed: ["image/png"],
  },
};

/** "8 MB", "512 KB", "193 B": a size for people (binary units: 1 KB = 1,024 bytes, as the limits are set). */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.max(0, Math.round(bytes))} B`;
}

// ─── Routes whose object is a person or a conversation, not a shipment's file list ──────────────────────────────

/** The driver's own papers, the uploader's profile picture, chat attachments and a chat video's poster frame. */
export type TPersonalUploadRoute = "driverDocument" | "avatar" | "chatAttachment" | "chatVideoPoster";

export type TPersonalUploadRule = Omit<TUploadRule, "kind" | "uploaders" | "maxFileSize"> & {
  /** Who may upload, and who may read what was uploaded (the UI says the second). */
  uploaders: string;
  readers: string;
};

/** Video containers a chat attachment may be (by its bytes): what phones (MP4, MOV) and Chrome's recorder (WebM) make. */
export const VIDEO_TYPES = ["video/mp4", "video/quicktime", "video/webm", "video/x-m4v"] as const;

/**
 * A chat attachment's size cap by what its bytes are, in bytes. 16 MB of video is about a minute from a phone at
 * 2 Mbit/s: a short clip of a damaged pallet, not a film (issue 12 §3: "a short video").
 */
export const CHAT_SIZE_CAP = { image: 8 * MB, pdf: 8 * MB, video: 16 * MB } as const;

/** The longest chat video, seconds, as measured in the uploader's browser (and in MP4/MOV by the server). */
export const CHAT_VIDEO_MAX_S = 120;

export const PERSONAL_UPLOAD_RULES: Record<TPersonalUploadRoute, TPersonalUploadRule> = {
  driverDocument: {
    label: "Driver's licence or insurance: PDF or photo, with its expiry date",
    uploaders: "the driver themself",
    readers: "the driver and our staff",
    maxFileSizeBytes: 8 * MB,
    maxFileCount: 1,
    sniffed: ["application/pdf", ...PHOTO_TYPES],
  },
  avatar: {
    label: "Profile picture",
    uploaders: "anyone, for their own account",
    readers: "anyone signed in to Trial Transport",
    maxFileSizeBytes: 4 * MB,
    maxFileCount: 1,
    sniffed: PHOTO_TYPES,
  },
  chatAttachment: {
    label: "Chat attachment: photo, PDF or short video",
    uploaders: "the shipment's shipper, its assigned driver and our staff",
    readers: "the shipment's shipper, its assigned driver and our staff",
    maxFileSizeBytes: CHAT_SIZE_CAP.video,
    maxFileCount: 1,
    sniffed: ["application/pdf", ...PHOTO_TYPES, ...VIDEO_TYPES],
  },
  chatVideoPoster: {
    label: "A chat video's poster frame",
    uploaders: "the video's sender",
    readers: "as the video",
    maxFileSizeBytes: 1 * MB,
    maxFileCount: 1,
    sniffed: ["image/jpeg", "image/png", "image/webp"],
  },
};

/** The size cap for a chat attachment whose bytes are `mime` (CHAT_SIZE_CAP). */
export function chatSizeCap(mime: string): number {
  if (mime === "application/pdf") return CHAT_SIZE_CAP.pdf;
  return mime.startsWith("video/") ? CHAT_SIZE_CAP.video : CHAT_SIZE_CAP.image;
}
