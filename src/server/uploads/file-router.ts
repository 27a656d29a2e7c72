// The app's UploadThing file router (served at /api/uploadthing): one route per kind of upload, each with the types,
// size and count of src/lib/upload-rules.ts. The middleware runs before anything is presigned: it reads the session
// from the cookie and authorises against the shipment named in the input. `onUploadComplete` (called through
// UploadThing's signed callback, which the SDK verifies) checks the bytes and writes the File row; what it returns
// reaches the browser as `serverData`.
import { createUploadthing, UploadThingError, type FileRouter } from "uploadthing/server";
import { z } from "zod";
import { env } from "~/env";
import { isAppError } from "~/lib/app-error";
import { crossSiteRefusal } from "~/lib/csrf";
import { UPLOAD_RULES, type TUploadRoute } from "~/lib/upload-rules";
import { resolveRequestSession } from "~/server/auth/session";
import type { TUploadThingConfig } from "~/server/integrations/uploadthing/config";
import { utapiFor } from "~/server/integrations/uploadthing/config";
import { authorizeUpload } from "~/server/services/files/authorize-upload";
import { recordUpload, type TRecordResult } from "~/server/services/files/record-upload";

const f = createUploadthing();

const ZUploadInputSchema = z.object({ shipmentId: z.string().min(1).max(64) });

const CODE_FOR: Record<string, "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST"> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
};

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
      if (crossSiteRefusal(req.headers, { appOrigin: new URL(env.APP_URL).origin, requireClientHeader: false })) {
        throw new UploadThingError({ code: "FORBIDDEN", message: "This request did not come from the app." });
      }
      const { session } = await resolveRequestSession(req.headers);
      if (!session) throw new UploadThingError({ code: "FORBIDDEN", message: "Sign in to upload files." });
      const viewer = { id: session.user.id, role: session.user.role };
      try {
        await authorizeUpload({ viewer, route: name, shipmentId: input.shipmentId });
      } catch (error) {
        if (!isAppError(error)) throw error;
        throw new UploadThingError({ code: CODE_FOR[error.code] ?? "BAD_REQUEST", message: error.message });
      }
      return { userId: viewer.id, role: viewer.role, shipmentId: input.shipmentId };
    })
    .onUploadComplete(async ({ metadata, file }): Promise<TRecordResult> =>
      recordUpload({
        utapi: utapiFor(config),
        viewer: { id: metadata.userId, role: metadata.role },
        route: name,
        shipmentId: metadata.shipmentId,
        file: { key: file.key, name: file.name, size: file.size, ufsUrl: file.ufsUrl },
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
  } satisfies FileRouter;
}

export type TAppFileRouter = ReturnType<typeof createFileRouter>;
