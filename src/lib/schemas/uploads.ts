// The inputs of the personal upload routes (src/server/uploads/file-router.ts), shared with the forms that send them.
import { z } from "zod";

import { CHAT_VIDEO_MAX_S } from "~/lib/upload-rules";
import { ZIdSchema } from "./primitives";

/** Which paper a driver document is. */
export const driverDocumentKinds = ["LICENCE", "INSURANCE"] as const;
export type TDriverDocumentKind = (typeof driverDocumentKinds)[number];

/** Driver document: its kind and the last day it is valid, "YYYY-MM-DD" (not in the past: checked by the route). */
export const ZDriverDocumentInputSchema = z.object({
  kind: z.enum(driverDocumentKinds, { error: "Choose licence or insurance." }),
  expiresOn: z.iso.date({ error: "Enter the expiry date printed on the document." }),
});
export type TDriverDocumentInput = z.infer<typeof ZDriverDocumentInputSchema>;

/**
 * Chat attachment: the shipment whose chat it goes to and, for a video, its length in milliseconds as the sender's
 * browser measured it (bounded; the server prefers the container's own figure where it can read one).
 */
export const ZChatAttachmentInputSchema = z.object({
  shipmentId: ZIdSchema,
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(CHAT_VIDEO_MAX_S * 1000, { error: `Videos can be at most ${CHAT_VIDEO_MAX_S / 60} minutes long.` })
    .optional(),
});

/** A chat video's poster frame: the video's File id. */
export const ZChatPosterInputSchema = z.object({ fileId: ZIdSchema });
