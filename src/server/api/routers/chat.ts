import { z } from "zod";

import { shipmentStatuses } from "~/lib/shipment-state";
import { ZCursorSchema, ZIdSchema, ZText } from "~/lib/schemas/primitives";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { markRead } from "~/server/services/chat/mark-read";
import { chatHistory, chatSince, HISTORY_PAGE } from "~/server/services/chat/read-messages";
import { MESSAGE_MAX, sendMessage } from "~/server/services/chat/send-message";
import { unreadCounts } from "~/server/services/chat/unread-counts";

const ZRoleSchema = z.enum(["SHIPPER", "DRIVER", "ADMIN"]);

export const ZChatMessageSchema = z.object({
  id: z.string(),
  shipmentId: z.string(),
  clientId: z.string().nullable(),
  senderId: z.string(),
  senderName: z.string(),
  senderRole: ZRoleSchema,
  body: z.string(),
  createdAt: z.date(),
  senderAvatarFileId: z.string().nullable(),
  attachment: z
    .object({
      id: z.string(),
      name: z.string(),
      mimeType: z.string(),
      sizeBytes: z.number().int(),
      width: z.number().int().nullable(),
      height: z.number().int().nullable(),
      durationMs: z.number().int().nullable(),
      hasThumbnail: z.boolean(),
    })
    .nullable(),
});

/** A message body as typed: 1–2,000 characters after trimming; line breaks allowed, other control characters not. */
export const ZMessageBodySchema = ZText({
  min: 1,
  max: MESSAGE_MAX,
  multiline: true,
  required: "Write a message first.",
  tooLong: `Messages can be at most ${MESSAGE_MAX.toLocaleString("en")} characters.`,
});

/** The pusher-js connection id ("123.456") of the sender's tab, whose own message is not echoed back to it. */
const ZSocketIdSchema = z.string().regex(/^\d{1,20}\.\d{1,20}$/, { error: "Invalid socket id." });

export const chatRouter = createTRPCRouter({
  /**
   * Sends a message (see sendMessage): `clientId` is a UUID the client made before the first try, so resending is
   * safe; `fileId` an attachment uploaded through /api/uploadthing (route chatAttachment), when the body may be
   * left out. Returns the stored message. Errors: NOT_FOUND, PRECONDITION_FAILED (closed chat), CONFLICT,
   * TOO_MANY_REQUESTS, BAD_REQUEST with field errors (body empty without an attachment or over 2,000 characters;
   * `fileId` not an unsent attachment of the caller's on this shipment).
   */
  send: protectedProcedure
    .input(
      z
        .object({
          shipmentId: ZIdSchema,
          clientId: z.uuid({ error: "Invalid message id." }),
          body: ZMessageBodySchema.optional(),
          fileId: ZIdSchema.optional(),
          socketId: ZSocketIdSchema.optional(),
        })
        .refine((m) => m.body !== undefined || m.fileId !== undefined, {
          error: "Write a message first.",
          path: ["body"],
        }),
    )
    .output(ZChatMessageSchema)
    .mutation(({ ctx, input }) => sendMessage({ sender: ctx.session.user, ...input })),

  /**
   * A page of the conversation going back in time (see chatHistory): `before` is the previous page's `nextCursor`,
   * `limit` 1–50 (default 30). Messages oldest first, plus the other readers' positions for read receipts.
   */
  history: protectedProcedure
    .input(
      z.object({
        shipmentId: ZIdSchema,
        before: ZCursorSchema.nullish(),
        limit: z.number().int().min(1).max(HISTORY_PAGE.max).default(HISTORY_PAGE.default),
      }),
    )
    .output(
      z.object({
        messages: z.array(ZChatMessageSchema),
        nextCursor: z.string().nullable(),
        reads: z.array(z.object({ userId: z.string(), lastReadAt: z.date() })),
        writable: z.boolean(),
        closedNote: z.string().nullable(),
        reference: z.string(),
        status: z.enum(shipmentStatuses),
        viewer: z.object({ id: z.string(), name: z.string() }),
        parties: z.array(z.object({ id: z.string(), name: z.string() })),
      }),
    )
    .query(({ ctx, input }) => chatHistory({ viewer: ctx.session.user, ...input })),

  /**
   * Messages after a known one (`after`: its id and ISO-8601 creation instant), oldest first, at most 100, with
   * `hasMore`: what a client missed while disconnected.
   */
  since: protectedProcedure
    .input(
      z.object({
        shipmentId: ZIdSchema,
        after: z.object({ id: ZIdSchema, at: z.iso.datetime({ offset: true, error: "Use an ISO-8601 instant." }) }),
      }),
    )
    .output(z.object({ messages: z.array(ZChatMessageSchema), hasMore: z.boolean() }))
    .query(({ ctx, input }) =>
      chatSince({
        viewer: ctx.session.user,
        shipmentId: input.shipmentId,
        after: { id: input.after.id, at: new Date(input.after.at) },
      }),
    ),

  /** Marks the conversation read up to message `upTo` (forward only; see markRead). Returns the read position. */
  markRead: protectedProcedure
    .input(z.object({ shipmentId: ZIdSchema, upTo: ZIdSchema }))
    .output(z.object({ lastReadAt: z.date() }))
    .mutation(({ ctx, input }) => markRead({ reader: ctx.session.user, ...input })),

  /** The signed-in user's unread messages, in total and per shipment (see unreadCounts). */
  unreadCounts: protectedProcedure
    .output(
      z.object({
        total: z.number().int(),
        byShipment: z.array(z.object({ shipmentId: z.string(), reference: z.string(), count: z.number().int() })),
      }),
    )
    .query(({ ctx }) => unreadCounts(ctx.session.user)),
});
