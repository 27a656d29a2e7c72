// `shipment/arriving` -> the recipient's "arriving soon" email and text. Once: the event id is fixed per shipment
// (src/server/notifications/arriving-soon.ts), Resend gets the key `recipient/<shipmentId>/arriving`, and the text
// is claimed on its RecipientNotice row (src/server/notifications/recipient-sms.ts).
import { inngest } from "../client";
import { shipmentArriving } from "../events";
import { textRecipientStep } from "~/server/notifications/recipient-sms";
import { emailRecipientNotice } from "~/server/notifications/shipment-status";

export const notifyRecipientArrivingFn = inngest.createFunction(
  { id: "notify-recipient-arriving", triggers: [shipmentArriving] },
  async ({ event, step }) => {
    const [recipientEmailId, recipientSms] = await Promise.all([
      step.run("email-recipient", () => emailRecipientNotice(event.data.shipmentId, "arriving")),
      textRecipientStep(step, event.data.shipmentId, "arriving"),
    ]);
    return { recipientEmailId, recipientSms };
  },
);
