// `shipment/intervened` -> the shipper and the driver are told what operations did and why
// (src/server/notifications/intervention.ts). Idempotent: each notice is keyed on the audit row and the person.
import { inngest } from "../client";
import { shipmentIntervened } from "../events";
import { interventionNotices } from "~/server/notifications/intervention";
import { notify } from "~/server/notifications/notify";

export const notifyInterventionFn = inngest.createFunction(
  { id: "notify-intervention", triggers: [shipmentIntervened] },
  async ({ event, step }) => {
    const notices = await step.run("who-to-tell", () => interventionNotices(event.data.auditLogId));
    const results = await Promise.all(notices.map((n) => notify(step, n.userId, "SHIPMENT_STATUS", n.data)));
    return { notified: results.map((r) => r.notificationId) };
  },
);
