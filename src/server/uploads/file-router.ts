// The app's UploadThing file router (served at /api/uploadthing): one route per kind of upload, each with the types,
// size and count of src/lib/upload-rules.ts. The middleware runs before anything is presigned: it reads the session
// from the cookie and authorises against the object named in the input (the shipment, the chat, the video) or the
// uploader themself (driver documents, avatar). `onUploadComplete` (called through
// UploadThing's signed callback, which the SDK verifies) checks the bytes and writes the File row; what it returns
// reaches the browser as `serverData`.
import { createUploadthing, UploadThingError, type FileRouter } from "uploadthing/server";
import { z } from "zod";
import { env } from "~/env";
import { isAppError } from "~/lib/app-error";
import { crossSiteRefusal } from "~/lib/csrf";
import { ZChatAttachmentInputSchema, ZChatPosterInputSchema, ZDriverDocumentInputSchema } from "~/lib/schemas/uploads";
import { UPLOAD_RULES, type TUploadRoute } from "~/lib/upload-rules";
import { DEFAULT_VIEWER_ZONE, validZone } from "~/lib/viewer-zone";
import { resolveRequestSession } from "~/server/auth/session";
import type { TUploadThingConfig } from "~/server/integrations/uploadthing/config";
import { utapiFor } from "~/server/integrations/uploadthing/config";
import { authorizeUpload } from "~/server/services/files/authorize-upload";
import { recordAvatar } from "~/server/services/files/avatar";
import {
  authorizeChatAttachment,
  authorizeChatPoster,
  recordChatAttachment,
  recordChatPoster,
} from "~/server/services/files/chat-attachments";
import { authorizeDriverDocument, recordDriverDocument } from "~/server/services/files/driver-documents";
import { recordUpload, type TRecordResult } from "~/server/services/files/record-upload";
import type { TViewer } from "~/server/services/shipments/access";

/**
 * What a refused request tells the browser (`error.data` in the client): the message, and field messages when the
 * input was wrong (a Zod error, or an AppError with field errors such as a past expiry date).
 */
function formatUploadError(err: UploadThingError): { message: string; fieldErrors?: Record<string, string[]> } {
  const cause = err.cause;
  if (isAppError(cause) && cause.fieldErrors) return { message: err.message, fieldErrors: cause.fieldErrors };
  if (cause instanceof z.ZodError) {
    const fieldErrors = z.flattenError(cause).fieldErrors as Record<string, string[]>;
    const first = Object.values(fieldErrors).flat()[0];
    return { message: first ?? err.message, fieldErrors };
  }
  return { message: err.message };
}

const f = createUploadthing({ errorFormatter: formatUploadError });

const ZUploadInputSchema = z.object({ shipmentId: z.string().min(1).max(64) });

const CODE_FOR: Record<string, "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST"> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  PRECONDITION_FAILED: "BAD_REQUEST",
};

/** The signed-in uploader of a request from the app's own pages. Throws FORBIDDEN (403) otherwise. */
async function viewerOf(req: Request): Promise<TViewer> {
  if (crossSiteRefusal(req.headers, { appOrigin: new URL(env.APP_URL).origin, requireClientHeader: false })) {
    throw new UploadThingError({ code: "FORBIDDEN", message: "This request did not come from the app." });
  }
  const { session } = await resolveRequestSession(req.headers);
  if (!session) throw new UploadThingError({ code: "FORBIDDEN", message: "Sign in to upload files." });
  return { id: session.user.id, role: session.user.role };
}

/** Runs an authorisation check, turning its AppError into the UploadThingError the client reads (cause kept). */
async function refusing<T>(check: () => Promise<T> | T): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!isAppError(error)) throw error;
    throw new UploadThingError({ code: CODE_FOR[error.code] ?? "BAD_REQUEST", message: error.message, cause: error });
  }
}

/** The viewer's IANA zone from the browser's tt_tz cookie (src/lib/viewer-zone.ts), else UTC. */
function zoneOf(req: Request): string {
  const raw = /(?:^|;\s*)tt_tz=([^;]*)/.exec(req.headers.get("cookie") ?? "")?.[1];
  return validZone(raw ? safeDecode(raw) : null) ?? DEFAULT_VIEWER_ZONE;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function route(config: TUploadThingConfig, name: TUploadRoute) {
  const rule = UPLOAD_RULES[name];
  const limits = {
    maxFileSize: rule.maxFileSize,
    maxFileCount: rule.maxFileCount,
    acl: "private",
    contentDisposition: "attachment",
  } as const;
  const types = rule.kind === "DOCUMENT" ? { pdf: limits, image: limits } : { image: limits };
  return f(types)
    .input(ZUploadInputSchema)
    .middleware(async ({ req, input }) => {
      const viewer = await viewerOf(req);
      await refusing(() => authorizeUpload({ viewer, route: name, shipmentId: input.shipmentId }));
      return { userId: viewer.id, role: viewer.role, shipmentId: input.shipmentId };
    })
    .onUploadComplete(async ({ metadata, file }): Promise<TRecordResult> =>
      recordUpload({
        utapi: utapiFor(config),
        viewer: { id: metadata.userId, role: metadata.role },
        route: name,
        shipmentId: metadata.shipmentId,
        file: toFile(file),
      }),
    );
}

const PRIVATE = { acl: "private", contentDisposition: "attachment", maxFileCount: 1 } as const;
const toFile = (file: { key: string; name: string; size: number; ufsUrl: string; type?: string }) => ({
  key: file.key,
  name: file.name,
  size: file.size,
  ufsUrl: file.ufsUrl,
  type: file.type,
});

/** A driver's licence or insurance, with its expiry date: PDF or photo, 8 MB, one at a time; read by them and admins. */
function driverDocumentRoute(config: TUploadThingConfig) {
  const limits = { ...PRIVATE, maxFileSize: "8MB" } as const;
  return f({ pdf: limits, image: limits })
    .input(ZDriverDocumentInputSchema)
    .middleware(async ({ req, input }) => {
      const viewer = await viewerOf(req);
      await refusing(() => authorizeDriverDocument({ viewer, input, zone: zoneOf(req) }));
      return { userId: viewer.id, role: viewer.role, kind: input.kind, expiresOn: input.expiresOn };
    })
    .onUploadComplete(({ metadata, file }): Promise<TRecordResult> =>
      recordDriverDocument({
        utapi: utapiFor(config),
        viewer: { id: metadata.userId, role: metadata.role },
        input: { kind: metadata.kind, expiresOn: metadata.expiresOn },
        file: toFile(file),
      }),
    );
}

/** A profile picture: a photo, 4 MB, one; stored as a 256 px square; read by anyone signed in. */
function avatarRoute(config: TUploadThingConfig) {
  return f({ image: { ...PRIVATE, maxFileSize: "4MB" } })
    .middleware(async ({ req }) => {
      const viewer = await viewerOf(req);
      return { userId: viewer.id, role: viewer.role };
    })
    .onUploadComplete(({ metadata, file }): Promise<TRecordResult> =>
      recordAvatar({
        utapi: utapiFor(config),
        viewer: { id: metadata.userId, role: metadata.role },
        file: toFile(file),
      }),
    );
}

/** A chat attachment: photo or PDF up to 8 MB, video up to 16 MB; one at a time; read by the shipment's parties. */
function chatAttachmentRoute(config: TUploadThingConfig) {
  return f({
    image: { ...PRIVATE, maxFileSize: "8MB" },
    pdf: { ...PRIVATE, maxFileSize: "8MB" },
    video: { ...PRIVATE, maxFileSize: "16MB" },
  })
    .input(ZChatAttachmentInputSchema)
    .middleware(async ({ req, input }) => {
      const viewer = await viewerOf(req);
      await refusing(() => authorizeChatAttachment({ viewer, shipmentId: input.shipmentId }));
      return { userId: viewer.id, role: viewer.role, shipmentId: input.shipmentId, durationMs: input.durationMs };
    })
    .onUploadComplete(({ metadata, file }): Promise<TRecordResult> =>
      recordChatAttachment({
        utapi: utapiFor(config),
        viewer: { id: metadata.userId, role: metadata.role },
        shipmentId: metadata.shipmentId,
        claimedDurationMs: metadata.durationMs,
        file: toFile(file),
      }),
    );
}

/** A chat video's poster frame, drawn by the sender's browser: an image, 1 MB, one; read as the video. */
function chatVideoPosterRoute(config: TUploadThingConfig) {
  return f({ image: { ...PRIVATE, maxFileSize: "1MB" } })
    .input(ZChatPosterInputSchema)
    .middleware(async ({ req, input }) => {
      const viewer = await viewerOf(req);
      await refusing(() => authorizeChatPoster({ viewer, fileId: input.fileId }));
      return { userId: viewer.id, role: viewer.role, fileId: input.fileId };
    })
    .onUploadComplete(({ metadata, file }): Promise<TRecordResult> =>
      recordChatPoster({
        utapi: utapiFor(config),
        viewer: { id: metadata.userId, role: metadata.role },
        fileId: metadata.fileId,
        file: toFile(file),
      }),
    );
}

/** The file router for `config` (the environment's in the app, a test's own stand-in in tests). */
export function createFileRouter(config: TUploadThingConfig) {
  return {
    shipmentDocument: route(config, "shipmentDocument"),
    cargoPhoto: route(config, "cargoPhoto"),
    podPhoto: route(config, "podPhoto"),
    podSignature: route(config, "podSignature"),
    driverDocument: driverDocumentRoute(config),
    avatar: avatarRoute(config),
    chatAttachment: chatAttachmentRoute(config),
    chatVideoPoster: chatVideoPosterRoute(config),
  } satisfies FileRouter;
}

export type TAppFileRouter = ReturnType<typeof createFileRouter>;
