// Photos as stored and served: re-encoded with `sharp` so no camera metadata leaves the server (EXIF with its GPS
// position, XMP, IPTC, maker notes, ICC profiles), turned upright by the EXIF orientation first, measured, and with a
// small WebP thumbnail for lists and the proof of delivery. What the app keeps from the metadata on purpose (capture
// time and position) is read before it is dropped and goes into the File row, never back into the image.
import exifReader from "exif-reader";
import sharp from "sharp";

/** The thumbnail's longest side, pixels. */
export const THUMBNAIL_MAX_PX = 320;

export type TCleanImage = {
  bytes: Buffer;
  /** The stored type: PNG and WebP stay as they are; JPEG, HEIC/HEIF (when decodable) become JPEG. */
  mimeType: "image/jpeg" | "image/png" | "image/webp";
  /** Pixel size after orientation. */
  width: number;
  height: number;
  /** WebP, at most THUMBNAIL_MAX_PX on its longest side (never enlarged). */
  thumbnail: Buffer;
  /** When the camera took it (UTC instant), if the metadata says so with a zone; else null. */
  capturedAt: Date | null;
  /** Where (degrees, WGS 84) by the camera's GPS tags; null when absent or invalid. */
  captureLat: number | null;
  captureLng: number | null;
};

/** Thrown when the bytes (already sniffed as an image type) cannot be decoded, e.g. an HEIC this build cannot read. */
export class UnreadableImageError extends Error {}

type TExif = ReturnType<typeof exifReader>;

function degrees(dms: unknown, ref: unknown, negative: string): number | null {
  if (!Array.isArray(dms) || dms.length !== 3 || !dms.every((x) => typeof x === "number" && Number.isFinite(x))) {
    return null;
  }
  const [d, m, s] = dms as [number, number, number];
  const v = d + m / 60 + s / 3600;
  return ref === negative ? -v : v;
}

/** GPS position and capture instant from parsed EXIF: GPS date+time is UTC; DateTimeOriginal counts only with its offset. */
function captureOf(exif: TExif | null) {
  const gps = exif?.GPSInfo as Record<string, unknown> | undefined;
  let lat = degrees(gps?.GPSLatitude, gps?.GPSLatitudeRef, "S");
  let lng = degrees(gps?.GPSLongitude, gps?.GPSLongitudeRef, "W");
  if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) lat = lng = null;

  let at: Date | null = null;
  const stamp = gps?.GPSDateStamp;
  const time = gps?.GPSTimeStamp;
  if (typeof stamp === "string" && Array.isArray(time) && time.length === 3) {
    const [h, mi, s] = time as number[];
    const day = /^(\d{4}):(\d{2}):(\d{2})$/.exec(stamp);
    if (day) at = new Date(Date.UTC(+day[1]!, +day[2]! - 1, +day[3]!, h!, mi!, Math.floor(s!)));
  }
  const photo = exif?.Photo as Record<string, unknown> | undefined;
  const offset = photo?.OffsetTimeOriginal;
  if (!at && photo?.DateTimeOriginal instanceof Date && typeof offset === "string") {
    // exif-reader reads the wall time as if UTC; the offset (e.g. "-05:00") makes it an instant.
    const o = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
    if (o) {
      const minutes = (o[1] === "-" ? -1 : 1) * (+o[2]! * 60 + +o[3]!);
      at = new Date(photo.DateTimeOriginal.getTime() - minutes * 60_000);
    }
  }
  if (at && Number.isNaN(at.getTime())) at = null;
  return { capturedAt: at, captureLat: lat, captureLng: lng };
}

/**
 * Cleans image `bytes` whose sniffed type is `mimeType` (see TCleanImage). Pure: storage is the caller's.
 *
 * @throws UnreadableImageError when sharp cannot decode the bytes.
 */
export async function cleanImage(bytes: Uint8Array, mimeType: string): Promise<TCleanImage> {
  let exif: TExif | null = null;
  try {
    const meta = await sharp(bytes).metadata();
    if (meta.exif) {
      try {
        exif = exifReader(meta.exif);
      } catch {
        exif = null; // Broken EXIF is dropped like any other.
      }
    }
    // rotate() without an angle applies the EXIF orientation; sharp writes no metadata unless asked (withMetadata).
    const upright = sharp(bytes).rotate();
    const out =
      mimeType === "image/png"
        ? upright.png()
        : mimeType === "image/webp"
          ? upright.webp({ quality: 90 })
          : upright.jpeg({ quality: 90, mozjpeg: true });
    const { data, info } = await out.toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data)
      .resize({ width: THUMBNAIL_MAX_PX, height: THUMBNAIL_MAX_PX, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return {
      bytes: data,
      mimeType: mimeType === "image/png" ? "image/png" : mimeType === "image/webp" ? "image/webp" : "image/jpeg",
      width: info.width,
      height: info.height,
      thumbnail,
      ...captureOf(exif),
    };
  } catch (error) {
    throw new UnreadableImageError((error as Error).message);
  }
}

/** A profile picture's side, pixels: stored as a square WebP this size. */
export const AVATAR_PX = 256;

/**
 * A profile picture from image `bytes`: turned upright by its EXIF orientation, cropped to the centre square and
 * resized to AVATAR_PX × AVATAR_PX WebP, with no metadata at all (sharp writes none unless asked).
 *
 * @throws UnreadableImageError when sharp cannot decode the bytes.
 */
export async function squareAvatar(bytes: Uint8Array): Promise<Buffer> {
  try {
    return await sharp(bytes)
      .rotate()
      .resize({ width: AVATAR_PX, height: AVATAR_PX, fit: "cover", position: "centre" })
      .webp({ quality: 85 })
      .toBuffer();
  } catch (error) {
    throw new UnreadableImageError((error as Error).message);
  }
}

/** A chat video's poster frame's longest side, pixels. */
export const POSTER_MAX_PX = 640;

/**
 * A video's poster frame from image `bytes` (drawn by the sender's browser): re-encoded as WebP, at most
 * POSTER_MAX_PX on its longest side, no metadata, so what the browser sent is never served as it came.
 *
 * @throws UnreadableImageError when sharp cannot decode the bytes.
 */
export async function posterFrame(bytes: Uint8Array): Promise<{ bytes: Buffer; width: number; height: number }> {
  try {
    const { data, info } = await sharp(bytes)
      .rotate()
      .resize({ width: POSTER_MAX_PX, height: POSTER_MAX_PX, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch (error) {
    throw new UnreadableImageError((error as Error).message);
  }
}
