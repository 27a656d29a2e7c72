// `notify(userId, type, data)`: one notification, written once, delivered on each channel the person has on, each
// channel in its own Inngest step so it is retried on its own and its outcome (status, provider id, error, attempts)
// is recorded on its NotificationDelivery row. Called from Inngest functions (inngest/functions/notify-*.ts).
import type { GetStepTools } from "inngest";

import type { inngest } from "../../../inngest/client";
import { env } from "~/env";
import type { NotificationChannel, NotificationType, Role } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { CHANNEL_NOT_CONFIGURED, channelSender } from "./channels";
import { enabledChannels } from "./preferences";
import { registerBuiltInChannels } from "./senders";

registerBuiltInChannels();

/** What a notification says. `dedupeKey` makes it once-only: the same key twice gives the one notification. */
export type TNotifyData = {
  title: string;
  body: string;
  shipmentId?: string | null;
  /** Unique per thing that happened, e.g. `status:<eventId>:<userId>`; the same key never notifies twice. */
  dedupeKey: string;
  /** Small JSON kept with the row (ids, statuses); never secrets. */
  data?: Record<string, string | number | boolean | null>;
};

export type TCreatedNotification = {
  notificationId: string;
  /** Deliveries still to be sent (PENDING), by channel; empty when the notification already existed and was sent. */
  pending: { deliveryId: string; channel: NotificationChannel }[];
};

/**
 * Writes the in-app Notification for `userId` and one NotificationDelivery per channel the user has on for `type`
 * (preferences.ts): PENDING where a sender is registered, SKIPPED "channel not configured" where none is; a channel
 * turned off gets no row. Idempotent on `data.dedupeKey`: a second call returns the first notification and only its
 * deliveries that are still PENDING. Returns null when the user no longer exists or is disabled (nothing written).
 */
export async function createNotification(
  userId: string,
  type: NotificationType,
  data: TNotifyData,
): Promise<TCreatedNotification | null> {
  const existing = await pendingOf(data.dedupeKey);
  if (existing) return existing;
  const user = await db.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
  if (!user || user.disabledAt) return null;
  const channels = await enabledChannels(userId, type);
  try {
    await db.notification.create({
      data: {
        userId,
        type,
        title: data.title,
        body: data.body,
        shipmentId: data.shipmentId ?? null,
        data: data.data ?? undefined,
        dedupeKey: data.dedupeKey,
        deliveries: {
          create: channels.map((channel) =>
            channelSender(channel)
              ? { channel, status: "PENDING" as const }
              : { channel, status: "SKIPPED" as const, error: CHANNEL_NOT_CONFIGURED },
          ),
        },
      },
    });
  } catch (error) {
    // The same key written by a concurrent run: that one's row is the notification.
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
  return pendingOf(data.dedupeKey);
}

async function pendingOf(dedupeKey: string): Promise<TCreatedNotification | null> {
  const row = await db.notification.findUnique({
    where: { dedupeKey },
    select: { id: true, deliveries: { where: { status: "PENDING" }, select: { id: true, channel: true } } },
  });
  if (!row) return null;
  return { notificationId: row.id, pending: row.deliveries.map((d) => ({ deliveryId: d.id, channel: d.channel })) };
}

/** Where a notification about a shipment takes each role in the app. */
const shipmentPath: Record<Role, (id: string) => string> = {
  SHIPPER: (id) => `/shipper/${id}`,
  DRIVER: (id) => `/driver/jobs/${id}`,
  ADMIN: (id) => `/admin/shipments/${id}`,
};

/** Why a delivery created while its channel was on was not sent. */
export const TURNED_OFF_SINCE = "turned off by the user before it was sent";

/**
 * Sends one delivery on its channel (one attempt: `attempts` goes up by one) and records the outcome: SENT with the
 * provider id, or SKIPPED with the sender's reason (or TURNED_OFF_SINCE when the user's preferences no longer allow
 * the channel, checked before each attempt). Does nothing for a delivery no longer PENDING (a retry after it
 * was sent). Throws what the sender throws, after writing the error on the row (still PENDING): the caller's step
 * retries, and recordDeliveryFailed closes it after the last try. Throws AppError NOT_FOUND for an unknown id.
 */
export async function sendDelivery(deliveryId: string): Promise<{ status: string; providerId: string | null }> {
  const d = await db.notificationDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      status: true,
      channel: true,
      providerId: true,
      notification: {
        select: {
          id: true,
          type: true,
          title: true,
          body: true,
          shipmentId: true,
          createdAt: true,
          user: { select: { id: true, name: true, email: true, phone: true, role: true } },
        },
      },
    },
  });
  if (!d) throw new AppError("NOT_FOUND", `Notification delivery ${deliveryId} not found.`);
  if (d.status !== "PENDING") return { status: d.status, providerId: d.providerId };
  const sender = channelSender(d.channel);
  if (!sender) {
    await db.notificationDelivery.update({
      where: { id: deliveryId },
      data: { status: "SKIPPED", error: CHANNEL_NOT_CONFIGURED },
    });
    return { status: "SKIPPED", providerId: null };
  }
  // Preferences are read again before every attempt: someone who turned the channel off (or unsubscribed) while a
  // retry waited gets nothing more.
  if (!(await enabledChannels(d.notification.user.id, d.notification.type)).includes(d.channel)) {
    await db.notificationDelivery.update({
      where: { id: deliveryId },
      data: { status: "SKIPPED", error: TURNED_OFF_SINCE },
    });
    return { status: "SKIPPED", providerId: null };
  }
  await db.notificationDelivery.update({ where: { id: deliveryId }, data: { attempts: { increment: 1 } } });
  const n = d.notification;
  const path = n.shipmentId ? shipmentPath[n.user.role](n.shipmentId) : "/notifications";
  try {
    const outcome = await sender({
      deliveryId,
      notification: { ...n, url: `${env.APP_URL}${path}` },
      user: n.user,
    });
    if (outcome.status === "SENT") {
      await db.notificationDelivery.update({
        where: { id: deliveryId },
        data: { status: "SENT", providerId: outcome.providerId, sentAt: new Date(), error: null },
      });
      return { status: "SENT", providerId: outcome.providerId };
    }
    await db.notificationDelivery.update({
      where: { id: deliveryId },
      data: { status: "SKIPPED", error: outcome.reason.slice(0, 1000) },
    });
    return { status: "SKIPPED", providerId: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.notificationDelivery.update({ where: { id: deliveryId }, data: { error: message.slice(0, 1000) } });
    throw error;
  }
}

/** Closes a delivery whose every try failed: FAILED, with the last error kept (or `error` when there was none). */
export async function recordDeliveryFailed(deliveryId: string, error: string): Promise<void> {
  const d = await db.notificationDelivery.findUnique({ where: { id: deliveryId }, select: { error: true } });
  await db.notificationDelivery.updateMany({
    where: { id: deliveryId, status: "PENDING" },
    data: { status: "FAILED", error: (d?.error ?? error).slice(0, 1000) },
  });
}

export type TStep = GetStepTools<typeof inngest>;

/**
 * `notify(userId, type, data)` inside an Inngest function: one step writes the notification and its deliveries
 * (createNotification), then each pending channel is sent in a step of its own (`notify/<dedupeKey>/<channel>`),
 * retried by Inngest up to the function's retry count; a channel whose every try failed is recorded FAILED and the
 * others still go out. Resolves with the notification id (null when the user is gone) and each channel's outcome.
 * Step ids derive from `dedupeKey`, so one function may notify several people.
 */
export async function notify(
  step: TStep,
  userId: string,
  type: NotificationType,
  data: TNotifyData,
): Promise<{ notificationId: string | null; channels: Partial<Record<NotificationChannel, string>> }> {
  const created = await step.run(`notify/${data.dedupeKey}`, () => createNotification(userId, type, data));
  if (!created) return { notificationId: null, channels: {} };
  const outcomes = await Promise.all(
    created.pending.map(async ({ deliveryId, channel }) => {
      try {
        const sent = await step.run(`notify/${data.dedupeKey}/${channel}`, () => sendDelivery(deliveryId));
        return [channel, sent.status] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await step.run(`notify/${data.dedupeKey}/${channel}/failed`, () => recordDeliveryFailed(deliveryId, message));
        return [channel, "FAILED"] as const;
      }
    }),
  );
  return { notificationId: created.notificationId, channels: Object.fromEntries(outcomes) };
}
