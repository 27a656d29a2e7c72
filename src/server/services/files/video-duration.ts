// A video's length read from its own container, so the server need not take the uploading browser's word for it.
// MP4 and QuickTime: the movie header (mp4-duration.ts). WebM: the Segment Info's Duration, read by music-metadata's
// Matroska parser (a well-kept library; EBML's variable-size integers and unknown-size elements are not worth
// parsing by hand). music-metadata is not used for MP4: it takes an MP4's length from its audio track only, so a
// silent video would have none.
import { parseBuffer } from "music-metadata";

import { mp4DurationMs } from "./mp4-duration";

/**
 * Milliseconds of the video in `bytes` (whose type `mimeType` was judged by its magic bytes: video/mp4,
 * video/quicktime or video/webm), from its container; null when the container does not say (a WebM recorded by a
 * browser's MediaRecorder is written live, without a Duration), cannot be read, or says something that is not a
 * finite length of zero or more. Never throws.
 */
export async function videoDurationMs(bytes: Uint8Array, mimeType: string): Promise<number | null> {
  if (mimeType === "video/mp4" || mimeType === "video/quicktime") return mp4DurationMs(bytes);
  if (mimeType !== "video/webm") return null;
  try {
    const { format } = await parseBuffer(bytes, { mimeType, size: bytes.byteLength }, { skipCovers: true });
    const seconds = format.duration;
    return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null;
  } catch {
    return null;
  }
}
