// Who wants what, where: NotificationPreference rows override the catalogue's defaults (catalogue.ts).
import type { NotificationChannel, NotificationType } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { ALWAYS_ON, channelsOf, defaultEnabled, notificationCatalogue, notificationTypes } from "./catalogue";

export type TPreferenceCell = {
  type: NotificationType;
  channel: NotificationChannel;
  enabled: boolean;
  locked: boolean;
};

/**
 * The user's full matrix, type x channel, with the defaults filled in; `locked` cells cannot be changed. A type has
 * cells only for the channels it exists on (channelsOf: the daily summary has email alone).
 */
export async function listPreferences(userId: string): Promise<TPreferenceCell[]> {
  const rows = await db.notificationPreference.findMany({ where: { userId } });
  const saved = new Map(rows.map((r) => [`${r.type}:${r.channel}`, r.enabled]));
  return notificationTypes.flatMap((type) =>
    channelsOf(type).map((channel) => {
      const locked = ALWAYS_ON.includes(channel);
      const enabled = locked || (saved.get(`${type}:${channel}`) ?? defaultEnabled(type, channel));
      return { type, channel, enabled, locked };
    }),
  );
}

/** The channels `type` reaches `userId` on, in catalogue order (IN_APP always first). */
export async function enabledChannels(userId: string, type: NotificationType): Promise<NotificationChannel[]> {
  const rows = await db.notificationPreference.findMany({ where: { userId, type } });
  const saved = new Map(rows.map((r) => [r.channel, r.enabled]));
  return channelsOf(type).filter(
    (channel) => ALWAYS_ON.includes(channel) || (saved.get(channel) ?? defaultEnabled(type, channel)),
  );
}

/**
 * Turns one cell of `userId`'s matrix on or off (upsert, so saving twice is harmless). Throws AppError BAD_REQUEST
 * with a field error on `channel` for a channel that cannot be turned off (in-app) or that the type does not exist
 * on (the daily summary by SMS).
 */
export async function setPreference(opts: {
  userId: string;
  type: NotificationType;
  channel: NotificationChannel;
  enabled: boolean;
}): Promise<TPreferenceCell> {
  if (ALWAYS_ON.includes(opts.channel)) {
    throw new AppError("BAD_REQUEST", "In-app notifications are always on: they are the record of what happened.", {
      fieldErrors: { channel: ["In-app notifications cannot be turned off."] },
    });
  }
  if (!channelsOf(opts.type).includes(opts.channel)) {
    const label = notificationCatalogue[opts.type].label;
    throw new AppError("BAD_REQUEST", `${label} is not sent on that channel.`, {
      fieldErrors: { channel: [`${label} is not sent on that channel.`] },
    });
  }
  const { userId, type, channel, enabled } = opts;
  await db.notificationPreference.upsert({
    where: { userId_type_channel: { userId, type, channel } },
    create: { userId, type, channel, enabled },
    update: { enabled },
  });
  return { type, channel, enabled, locked: false };
}
