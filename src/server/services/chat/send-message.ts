// Sending one chat message: stored first (with the sender's read position moved to it), published after the commit.
// The client makes the message's id (`clientId`, a UUID) before the first try, so a resend after a lost answer or
// from the offline outbox returns the stored message instead of a second copy.
import type { Prisma } from "~/generated/prisma/client";
import type { TMessageEvent, TUnreadEvent } from "~/lib/realtime";
import { REALTIME_EVENTS, shipmentChannel, userChannel } from "~/lib/realtime";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { publish } from "~/server/realtime/publish";
import { transactionWithEvents } from "~/server/services/outbox/transaction-with-events";
import { refundAttempt, reserveAttempts, waitMessage, type TLimit } from "~/server/services/rate-limit/rate-limit";
import type { TViewer } from "~/server/services/shipments/access";
import {
  loadWritableConversation,
  messageSelect,
  otherParties,
  toChatMessage,
  type TChatMessage,
} from "./conversation";
import { moveReadForward } from "./mark-read";

/** Longest message body, in UTF-16 code units after trimming (the limit; the event stays far under 10 KB). */
export const MESSAGE_MAX = 2_000;

/**
 * Per sender. 20 a minute is above what a person types in a burst of short replies ("ok", "5 min", "at the gate")
 * and 300 an hour above a busy delivery's whole conversation; past that it is a script or a stuck client, and every
 * message costs a row and up to three Pusher messages (Pusher bills per message delivered).
 */
export const chatLimits = (userId: string): TLimit[] => [
  { key: `chat-send:minute:${userId}`, max: 20, windowSec: 60 },
  { key: `chat-send:hour:${userId}`, max: 300, windowSec: 3600 },
];

/**
 * Stores `body` from `sender` in the chat of `shipmentId` and returns the message. Idempotent on (sender, clientId):
 * a resend returns the stored message, counts nothing against the rate limit and publishes nothing. Publishes
 * `message` (TMessageEvent) on the shipment channel, except to the connection `socketId` (the sender's own tab),
 * and `unread` (TUnreadEvent) on the user channel of each other party (shipper, driver; not admins).
 *
 * @throws AppError NOT_FOUND (no such shipment or not a party), PRECONDITION_FAILED (draft or closed shipment),
 *   CONFLICT (`clientId` already used for another shipment), TOO_MANY_REQUESTS (rate limit, with retryAfterSec),
 *   BAD_REQUEST with a field error on `fileId` (not the sender's unsent chat attachment on this shipment).
 */
export async function sendMessage(opts: {
  sender: TViewer;
  shipmentId: string;
  clientId: string;
  /** Plain text; may be left out (stored as "") when `fileId` is given. */
  body?: string;
  /** An attachment the sender uploaded for this chat (route chatAttachment) and has not sent yet. */
  fileId?: string;
  socketId?: string;
}): Promise<TChatMessage> {
  const { sender, shipmentId, clientId, fileId } = opts;
  const body = opts.body ?? "";
  const { shipment } = await loadWritableConversation(sender, shipmentId);

  const previous = await findByClientId(sender.id, clientId, shipmentId);
  if (previous) return previous;

  const limits = chatLimits(sender.id);
  const reservation = await reserveAttempts(limits);
  if (!reservation.ok) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `You are sending messages too fast. Try again in ${waitMessage(reservation.retryAfterSec)}.`,
      { retryAfterSec: reservation.retryAfterSec },
    );
  }

  let message: TChatMessage;
  try {
    message = await transactionWithEvents(async (tx, emit) => {
      if (fileId) await checkAttachment(tx, { fileId, senderId: sender.id, shipmentId });
      const row = await tx.message.create({
        data: { shipmentId, senderId: sender.id, clientId, body, fileId: fileId ?? null },
        select: messageSelect,
      });
      await moveReadForward(tx, { shipmentId, userId: sender.id, to: row.createdAt });
      // The other party is told if they have not read it within 2 minutes (inngest/functions/notify-new-message.ts).
      await emit({ name: "message/sent", data: { messageId: row.id, shipmentId, senderId: sender.id } });
      return toChatMessage(row);
    });
  } catch (error) {
    // Two tries with the same clientId at once: the unique index let one in; the other answers with it.
    if ((error as { code?: string }).code === "P2002") {
      await Promise.all(limits.map(refundAttempt));
      const winner = await findByClientId(sender.id, clientId, shipmentId);
      if (winner) return winner;
      // Not this message's id: the attachment went out in another message at the same moment.
      if (fileId) throw attachmentRefused();
    }
    throw error;
  }

  const event: TMessageEvent = { ...message, createdAt: message.createdAt.toISOString() };
  const unread: TUnreadEvent = { shipmentId };
  await Promise.all([
    publish(shipmentChannel(shipmentId, shipment.driverId), REALTIME_EVENTS.message, event, {
      socketId: opts.socketId,
    }),
    publish(otherParties(shipment, sender.id).map(userChannel), REALTIME_EVENTS.unread, unread),
  ]);
  return message;
}

/** @throws AppError CONFLICT when the sender used `clientId` for a message on another shipment. */
async function findByClientId(senderId: string, clientId: string, shipmentId: string): Promise<TChatMessage | null> {
  const row = await db.message.findUnique({
    where: { senderId_clientId: { senderId, clientId } },
    select: messageSelect,
  });
  if (!row) return null;
  if (row.shipmentId !== shipmentId) {
    throw new AppError("CONFLICT", "This message id was already used. Reload the page and send it again.");
  }
  return toChatMessage(row);
}

function attachmentRefused(): AppError {
  const message = "This attachment cannot be sent here. Attach the file again.";
  return new AppError("BAD_REQUEST", message, { fieldErrors: { fileId: [message] } });
}

/** The attachment must be the sender's own upload to this chat (route chatAttachment), not sent before. */
async function checkAttachment(
  tx: Prisma.TransactionClient,
  opts: { fileId: string; senderId: string; shipmentId: string },
): Promise<void> {
  const f = await tx.file.findUnique({
    where: { id: opts.fileId },
    select: { ownerId: true, shipmentId: true, kind: true, message: { select: { id: true } } },
  });
  if (!f || f.ownerId !== opts.senderId || f.shipmentId !== opts.shipmentId || f.kind !== "CHAT_ATTACHMENT") {
    throw attachmentRefused();
  }
  if (f.message) throw attachmentRefused();
}
