// Who may read and write the chat of one shipment, and the shape a message leaves the server in. The parties are
// the shipper who owns it and the driver assigned to it; admins may read and write every conversation. Everybody
// else gets NOT_FOUND (as for the shipment itself, so ids cannot be probed); a released driver is nobody here.
import type { ShipmentStatus } from "~/generated/prisma/enums";
import type { TChatAttachment } from "~/lib/realtime";
import { AppError } from "~/lib/app-error";
import { db } from "~/server/db";
import { accessFor, notFound, type TViewer } from "~/server/services/shipments/access";

/** Statuses in which the conversation takes new messages: from posting until the shipment is closed. */
const CLOSED: readonly ShipmentStatus[] = ["DRAFT", "COMPLETED", "CANCELLED"];

export type TConversation = {
  shipment: { id: string; reference: string; status: ShipmentStatus; shipperId: string; driverId: string | null };
  /** True while new messages are accepted (not DRAFT, COMPLETED or CANCELLED). */
  writable: boolean;
  /**
   * The first instant (UTC) whose messages the viewer may read: for the assigned driver, when their current
   * assignment began (what was said to an earlier driver, or to them before they were released, is not theirs);
   * null for the shipper and admins, who read it all.
   */
  visibleFrom: Date | null;
};

/**
 * The conversation of shipment `shipmentId` as `viewer` may see it.
 *
 * @throws AppError NOT_FOUND when the shipment does not exist or the viewer is not its shipper, its assigned
 *   driver or an admin (the same answer for both).
 */
export async function loadConversation(viewer: TViewer, shipmentId: string): Promise<TConversation> {
  const row = await db.shipment.findUnique({
    where: { id: shipmentId },
    select: { id: true, reference: true, status: true, shipperId: true, driverId: true, assignedAt: true },
  });
  if (!row) throw notFound();
  const { assignedAt, ...shipment } = row;
  const access = accessFor(viewer, shipment);
  if (access !== "owner" && access !== "assigned-driver" && access !== "admin") throw notFound();
  return {
    shipment,
    writable: !CLOSED.includes(shipment.status),
    visibleFrom: access === "assigned-driver" ? assignedAt : null,
  };
}

/**
 * The conversation, refusing a closed one.
 *
 * @throws AppError NOT_FOUND as `loadConversation`; PRECONDITION_FAILED when the shipment is a draft or closed.
 */
export async function loadWritableConversation(viewer: TViewer, shipmentId: string): Promise<TConversation> {
  const conversation = await loadConversation(viewer, shipmentId);
  if (!conversation.writable) throw new AppError("PRECONDITION_FAILED", closedMessage(conversation.shipment.status));
  return conversation;
}

/** Why a conversation takes no messages, for the refusal and for the note under a read-only chat. */
export function closedMessage(status: ShipmentStatus): string {
  return status === "DRAFT"
    ? "The chat opens once the shipment is posted."
    : "This shipment is closed, so its chat is read-only.";
}

/** The shipment's parties other than `userId` whose unread counts a new message changes (admins are not counted). */
export function otherParties(shipment: TConversation["shipment"], userId: string): string[] {
  return [shipment.shipperId, shipment.driverId].filter((id): id is string => !!id && id !== userId);
}

/** The columns a message is read with (see `toChatMessage`). */
export const messageSelect = {
  id: true,
  shipmentId: true,
  clientId: true,
  senderId: true,
  body: true,
  createdAt: true,
  sender: { select: { name: true, role: true, avatarFileId: true } },
  file: {
    select: {
      id: true,
      name: true,
      mimeType: true,
      sizeBytes: true,
      width: true,
      height: true,
      durationMs: true,
      thumbnailKey: true,
    },
  },
} as const;

type TMessageRow = {
  id: string;
  shipmentId: string;
  clientId: string | null;
  senderId: string;
  body: string;
  createdAt: Date;
  sender: { name: string; role: "SHIPPER" | "DRIVER" | "ADMIN"; avatarFileId: string | null };
  file: (Omit<TChatAttachment, "hasThumbnail"> & { thumbnailKey: string | null }) | null;
};

/**
 * A message as the client shows it. `body` is plain text (render as text, never HTML; empty when the message is
 * only an attachment); `createdAt` an instant.
 */
export type TChatMessage = {
  id: string;
  shipmentId: string;
  clientId: string | null;
  senderId: string;
  senderName: string;
  senderRole: "SHIPPER" | "DRIVER" | "ADMIN";
  body: string;
  createdAt: Date;
  senderAvatarFileId: string | null;
  attachment: TChatAttachment | null;
};

/** A row read with `messageSelect` as the client sees it (sender's name and role flattened in). */
export function toChatMessage(row: TMessageRow): TChatMessage {
  return {
    id: row.id,
    shipmentId: row.shipmentId,
    clientId: row.clientId,
    senderId: row.senderId,
    senderName: row.sender.name,
    senderRole: row.sender.role,
    body: row.body,
    createdAt: row.createdAt,
    senderAvatarFileId: row.sender.avatarFileId,
    attachment: row.file ? toAttachment(row.file) : null,
  };
}

function toAttachment({ thumbnailKey, ...file }: NonNullable<TMessageRow["file"]>): TChatAttachment {
  return { ...file, hasThumbnail: !!thumbnailKey };
}
