// A driver's own papers: licence and insurance, each a PDF or a photo with the last day it is valid. Only the driver
// uploads them (for themself); only the driver and admins read them. Everyone else is told NOT_FOUND, as for any
// file they may not see (src: issue 12 §1 and §4).
import type { UTApi } from "uploadthing/server";
import { AppError } from "~/lib/app-error";
import { calendarDate, todayIn } from "~/lib/document-expiry";
import type { TDriverDocumentInput, TDriverDocumentKind } from "~/lib/schemas/uploads";
import { PERSONAL_UPLOAD_RULES } from "~/lib/upload-rules";
import { db } from "~/server/db";
import type { TViewer } from "~/server/services/shipments/access";
import { fileColumns, photoRouteChecks, recordCheckedUpload } from "./check-upload";
import type { TRecordResult, TUploadedFile } from "./check-upload";

const KIND = { LICENCE: "DRIVER_LICENCE", INSURANCE: "DRIVER_INSURANCE" } as const;
const rule = PERSONAL_UPLOAD_RULES.driverDocument;

/** A document may not claim to be valid further ahead than this (years): a typo in the year, not a real policy. */
const MAX_YEARS_AHEAD = 20;

/**
 * Checks that `viewer` may upload a driver document with `input`, on today's date in IANA zone `zone` (the viewer's).
 *
 * @throws AppError FORBIDDEN unless the viewer is a driver; BAD_REQUEST with a field error on `expiresOn` when the
 *   date is before today (in `zone`) or more than 20 years ahead.
 */
export function authorizeDriverDocument(opts: { viewer: TViewer; input: TDriverDocumentInput; zone: string }): void {
  if (opts.viewer.role !== "DRIVER") {
    throw new AppError("FORBIDDEN", "Only drivers upload a licence or insurance, each for themself.");
  }
  const today = todayIn(opts.zone);
  const field = (message: string) => new AppError("BAD_REQUEST", message, { fieldErrors: { expiresOn: [message] } });
  if (opts.input.expiresOn < today) {
    throw field("This date is in the past: upload a document that is still valid, with its expiry date.");
  }
  if (Number(opts.input.expiresOn.slice(0, 4)) > Number(today.slice(0, 4)) + MAX_YEARS_AHEAD) {
    throw field(`Check the year: the expiry date is more than ${MAX_YEARS_AHEAD} years ahead.`);
  }
}

/**
 * Checks and records driver `viewer`'s uploaded document `file` (see recordCheckedUpload; photos are cleaned of
 * their metadata) as a File row on no shipment, kind DRIVER_LICENCE or DRIVER_INSURANCE, with `expiresOn`. The
 * transaction re-reads the uploader: still an active driver.
 */
export function recordDriverDocument(opts: {
  utapi: UTApi;
  viewer: TViewer;
  input: TDriverDocumentInput;
  file: TUploadedFile;
}): Promise<TRecordResult> {
  return recordCheckedUpload({
    utapi: opts.utapi,
    file: opts.file,
    ...photoRouteChecks(rule),
    write: async (tx, upload) => {
      const me = await tx.user.findUnique({ where: { id: opts.viewer.id }, select: { role: true, disabledAt: true } });
      if (!me || me.role !== "DRIVER" || me.disabledAt) {
        throw new AppError("FORBIDDEN", "Only drivers upload a licence or insurance, each for themself.");
      }
      return tx.file.create({
        data: {
          ...fileColumns(upload),
          ownerId: opts.viewer.id,
          kind: KIND[opts.input.kind],
          route: "driverDocument",
          expiresOn: new Date(`${opts.input.expiresOn}T00:00:00Z`),
        },
        select: { id: true },
      });
    },
  });
}

export type TDriverDocument = {
  id: string;
  kind: TDriverDocumentKind;
  name: string;
  mimeType: string;
  sizeBytes: number;
  /** Upload instant (UTC). */
  createdAt: Date;
  /** The last day it is valid, "YYYY-MM-DD" (see src/lib/document-expiry.ts for "expires in N days"). */
  expiresOn: string | null;
  /** Pixels, for photos (which then have a thumbnail); null for PDFs. */
  width: number | null;
  height: number | null;
  /** The newest of its kind: the one in force; older ones are kept until deleted. */
  current: boolean;
};

/**
 * The licence and insurance documents of driver `driverId`, newest first, each read through /api/files/<id>.
 *
 * @throws AppError NOT_FOUND unless `viewer` is that driver or an admin.
 */
export async function listDriverDocuments(opts: { viewer: TViewer; driverId: string }): Promise<TDriverDocument[]> {
  const self = opts.viewer.id === opts.driverId;
  if (!self && opts.viewer.role !== "ADMIN") throw new AppError("NOT_FOUND", "Driver not found.");
  const rows = await db.file.findMany({
    where: { ownerId: opts.driverId, kind: { in: ["DRIVER_LICENCE", "DRIVER_INSURANCE"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      kind: true,
      name: true,
      mimeType: true,
      sizeBytes: true,
      createdAt: true,
      expiresOn: true,
      width: true,
      height: true,
    },
  });
  const seen = new Set<string>();
  return rows.map((r) => {
    const kind: TDriverDocumentKind = r.kind === "DRIVER_LICENCE" ? "LICENCE" : "INSURANCE";
    const current = !seen.has(kind);
    seen.add(kind);
    return { ...r, kind, expiresOn: r.expiresOn ? calendarDate(r.expiresOn) : null, current };
  });
}
