// `shipment/arriving` -> the recipient's "arriving soon" email. Once: the event id is fixed per shipment
// (src/server/notifications/arriving-soon.ts) and Resend gets the key `recipient/<shipmentId>/arriving`.
import { inngest } from "../client";
import { shipmentArriving } from "../events";
import { emailRecipientNotice } from "~/server/notifications/shipment-status";

export const notifyRecipientArrivingFn = inngest.createFunction(
  { id: "notify-recipient-arriving", triggers: [shipmentArriving] },
  async ({ event, step }) => ({
    recipientEmailId: await step.run("email-recipient", () => emailRecipientNotice(event.data.shipmentId, "arriving")),
  }),
);
