// The length of an MP4 or QuickTime video read from its own container (the `mvhd` box inside `moov`: duration in
// the movie's timescale; ISO/IEC 14496-12 §8.2.2), so the server need not take the uploading browser's word for it.
// Only the top-level box headers are walked: no decoding, no ffmpeg (none installs on these machines).

function boxes(bytes: Uint8Array, start: number, end: number): { type: string; body: number; end: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { type: string; body: number; end: number }[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) break;
    out.push({ type, body: at + header, end: at + size });
    at += size;
  }
  return out;
}

/** Milliseconds, from the `moov/mvhd` box of MP4/MOV bytes; null when there is none or it makes no sense. */
export function mp4DurationMs(bytes: Uint8Array): number | null {
  const moov = boxes(bytes, 0, bytes.byteLength).find((b) => b.type === "moov");
  if (!moov) return null;
  const mvhd = boxes(bytes, moov.body, moov.end).find((b) => b.type === "mvhd");
  if (!mvhd) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[mvhd.body];
  const need = version === 1 ? 32 : 20;
  if (mvhd.body + need > mvhd.end) return null;
  const timescale = view.getUint32(mvhd.body + (version === 1 ? 20 : 12));
  const duration = version === 1 ? Number(view.getBigUint64(mvhd.body + 24)) : view.getUint32(mvhd.body + 16);
  if (!timescale || !Number.isFinite(duration)) return null;
  return Math.round((duration / timescale) * 1000);
}
