import { z } from "zod";

import { NotificationChannel, NotificationType } from "~/generated/prisma/enums";
import { ZCursorSchema, ZIdSchema } from "~/lib/schemas/primitives";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadNotificationCount,
} from "~/server/notifications/inbox";
import { listPreferences, setPreference } from "~/server/notifications/preferences";

const ZTypeSchema = z.enum(NotificationType, { error: "Unknown notification type." });
const ZChannelSchema = z.enum(NotificationChannel, { error: "Unknown channel." });

const ZInboxItemSchema = z.object({
  id: z.string(),
  type: ZTypeSchema,
  title: z.string(),
  body: z.string(),
  shipmentId: z.string().nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});

const ZPreferenceCellSchema = z.object({
  type: ZTypeSchema,
  channel: ZChannelSchema,
  enabled: z.boolean(),
  locked: z.boolean(),
});

/** The signed-in person's notifications and notification preferences; nobody can read or change another's. */
export const notificationsRouter = createTRPCRouter({
  /** `{ unread }`: how many of the caller's notifications are unread (the bell). */
  unreadCount: protectedProcedure
    .output(z.object({ unread: z.number().int() }))
    .query(async ({ ctx }) => ({ unread: await unreadNotificationCount(ctx.session.user.id) })),

  /** A page of the caller's notifications, newest first; `cursor` = previous `nextCursor`, `limit` 1–50 (20). */
  list: protectedProcedure
    .input(z.object({ cursor: ZCursorSchema.optional(), limit: z.number().int().min(1).max(50).optional() }).optional())
    .output(z.object({ items: z.array(ZInboxItemSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listNotifications(ctx.session.user.id, input ?? {})),

  /** Marks one of the caller's notifications read; returns the unread count. NOT_FOUND when it is not theirs. */
  markRead: protectedProcedure
    .input(z.object({ id: ZIdSchema }))
    .output(z.object({ unread: z.number().int() }))
    .mutation(({ ctx, input }) => markNotificationRead(ctx.session.user.id, input.id)),

  /** Marks all the caller's notifications read; returns how many changed. */
  markAllRead: protectedProcedure
    .output(z.object({ marked: z.number().int() }))
    .mutation(({ ctx }) => markAllNotificationsRead(ctx.session.user.id)),

  /** The caller's matrix, notification type x channel, defaults filled in; `locked` cells (in-app) cannot change. */
  preferences: protectedProcedure
    .output(z.array(ZPreferenceCellSchema))
    .query(({ ctx }) => listPreferences(ctx.session.user.id)),

  /** Turns one cell on or off, saved at once; returns it. BAD_REQUEST (field `channel`) for in-app. */
  setPreference: protectedProcedure
    .input(z.object({ type: ZTypeSchema, channel: ZChannelSchema, enabled: z.boolean() }))
    .output(ZPreferenceCellSchema)
    .mutation(({ ctx, input }) => setPreference({ userId: ctx.session.user.id, ...input })),
});
