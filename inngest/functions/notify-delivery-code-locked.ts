// `shipment/delivery-code.locked` -> the shipper, by their preferences for DELIVERY_CODE_LOCKED
// (src/server/notifications/delivery-code-locked.ts). Idempotent: the notification is keyed on the lock's
// ShipmentEvent, so the same event twice (or a copy under another id) gives one notification, sent once.
import { inngest } from "../client";
import { shipmentDeliveryCodeLocked } from "../events";
import { deliveryCodeLockedNotice } from "~/server/notifications/delivery-code-locked";
import { notify } from "~/server/notifications/notify";

export const notifyDeliveryCodeLockedFn = inngest.createFunction(
  { id: "notify-delivery-code-locked", triggers: [shipmentDeliveryCodeLocked] },
  async ({ event, step }) => {
    const notice = await step.run("who-to-tell", () => deliveryCodeLockedNotice(event.data));
    if (!notice) return { notified: null };
    const { notificationId, channels } = await notify(step, notice.userId, "DELIVERY_CODE_LOCKED", notice.data);
    return { notified: notificationId, channels };
  },
);
