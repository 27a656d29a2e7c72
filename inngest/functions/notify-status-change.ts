// `shipment/status.changed` -> the shipper and driver by their preferences, and the recipient by email and SMS at
// pick-up and delivery (src/server/notifications/shipment-status.ts, recipient-sms.ts). Idempotent: each
// notification is keyed on the event id and the person (one row, deliveries sent once), the recipient email on the
// shipment and kind (Resend's idempotency key), the recipient text on its RecipientNotice row.
import { inngest } from "../client";
import { receivedEvent, shipmentStatusChanged } from "../events";
import { notify } from "~/server/notifications/notify";
import { textRecipientStep } from "~/server/notifications/recipient-sms";
import {
  emailRecipient,
  recipientNotices,
  statusChangeNotices,
  type TStatusChange,
} from "~/server/notifications/shipment-status";

export const notifyStatusChangeFn = inngest.createFunction(
  { id: "notify-status-change", triggers: [shipmentStatusChanged] },
  async ({ event, step }) => {
    const change: TStatusChange = { ...event.data, eventId: receivedEvent(event).eventId };
    const notices = await step.run("who-to-tell", () => statusChangeNotices(change));
    const recipientKind = recipientNotices[change.to];
    const [results, recipientEmailId, recipientSms] = await Promise.all([
      Promise.all(notices.map((n) => notify(step, n.userId, "SHIPMENT_STATUS", n.data))),
      step.run("email-recipient", () => emailRecipient(change)),
      recipientKind ? textRecipientStep(step, change.shipmentId, recipientKind) : null,
    ]);
    return { notified: results.map((r) => r.notificationId), recipientEmailId, recipientSms };
  },
);
