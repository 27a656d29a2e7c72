// What the browser can tell before uploading, in words for people: too many files, too large, or plainly the wrong
// type. The server decides for real (the route's limits, then the file's bytes); this only saves a wasted upload.
import { formatBytes, UPLOAD_RULES, type TUploadRoute } from "~/lib/upload-rules";

const ACCEPT: Record<TUploadRoute, { mime: RegExp; words: string; plural: string; attr: string }> = {
  shipmentDocument: {
    mime: /^(application\/pdf|image\/.+)$/,
    words: "a PDF or a photo",
    plural: "PDFs or photos",
    attr: "application/pdf,image/*",
  },
  cargoPhoto: { mime: /^image\/.+$/, words: "a photo", plural: "Photos", attr: "image/*" },
  podPhoto: { mime: /^image\/.+$/, words: "a photo", plural: "Photos", attr: "image/*" },
  podSignature: { mime: /^image\/png$/, words: "a PNG image", plural: "PNG images", attr: "image/png" },
};

/** The `accept` attribute of the route's file input. */
export function acceptFor(route: TUploadRoute): string {
  return ACCEPT[route].attr;
}

/** A one-sentence hint: what the route takes and its limits, e.g. "Photos, up to 8 MB each, 10 at a time." */
export function limitsHint(route: TUploadRoute): string {
  const rule = UPLOAD_RULES[route];
  const what = ACCEPT[route].plural;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}, up to ${formatBytes(rule.maxFileSizeBytes)} each, ${rule.maxFileCount} at a time.`;
}

/** The files split into those to upload and a message for each one refused (null when there are too many). */
export function checkFiles(
  route: TUploadRoute,
  files: File[],
): { accepted: File[]; refused: { name: string; message: string }[]; tooMany: string | null } {
  const rule = UPLOAD_RULES[route];
  if (files.length > rule.maxFileCount) {
    return {
      accepted: [],
      refused: [],
      tooMany: `You chose ${files.length} files; add at most ${rule.maxFileCount} at a time.`,
    };
  }
  const accepted: File[] = [];
  const refused: { name: string; message: string }[] = [];
  for (const file of files) {
    if (!ACCEPT[route].mime.test(file.type)) {
      refused.push({ name: file.name, message: `"${file.name}" is not ${ACCEPT[route].words}.` });
    } else if (file.size > rule.maxFileSizeBytes) {
      refused.push({
        name: file.name,
        message: `"${file.name}" is ${formatBytes(file.size)}; the limit is ${formatBytes(rule.maxFileSizeBytes)}.`,
      });
    } else if (file.size === 0) {
      refused.push({ name: file.name, message: `"${file.name}" is empty.` });
    } else {
      accepted.push(file);
    }
  }
  return { accepted, refused, tooMany: null };
}
