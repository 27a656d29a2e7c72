// Which file types are shown by what name, and the check that a file stored as it came (a PDF or a video) is named
// and announced as what its contents are. Pure: no database, so unit tests and the browser-free checks share it.

/** A reader's name for each type the upload routes accept. */
export const FRIENDLY: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/heic": "HEIC",
  "image/heif": "HEIF",
  "video/mp4": "MP4",
  "video/quicktime": "MOV",
  "video/webm": "WebM",
  "video/x-m4v": "M4V",
};

/** File-name extensions that name each type a file is kept as-is under (not re-encoded): PDF and video. */
const AS_IS_EXTENSIONS: Record<string, readonly string[]> = {
  "application/pdf": ["pdf"],
  "video/mp4": ["mp4", "m4v"],
  "video/quicktime": ["mov", "qt"],
  "video/webm": ["webm"],
  "video/x-m4v": ["m4v", "mp4"],
};

/**
 * Why a file kept as it came (a PDF or a video) may not be stored, or null: its name's extension or the type its
 * uploader announced says something other than its contents (`sniffed`, from the magic bytes). Storage serves it
 * under that name and announced type, so "invoice.html" holding "%PDF…<script>" would be saved and opened as a web
 * page (breaker pass). Issue 12 §1: a renamed file is refused.
 */
export function asIsMismatch(file: { name: string; type?: string }, sniffed: string): string | null {
  const allowed = AS_IS_EXTENSIONS[sniffed];
  if (!allowed) return null;
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  const friendly = FRIENDLY[sniffed] ?? sniffed;
  if (!ext || !allowed.includes(ext)) {
    return `"${file.name}" is a ${friendly} by its contents: name it .${allowed[0]} and upload it again.`;
  }
  const claimed = file.type?.split(";")[0]?.trim().toLowerCase();
  if (claimed && claimed !== "application/octet-stream" && claimed !== sniffed) {
    return `"${file.name}" was sent as ${claimed}, but its contents are a ${friendly}. Upload the file itself again.`;
  }
  return null;
}
