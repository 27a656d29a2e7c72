// `payment/refund.requested` -> the cancellation refund through Stripe. Idempotent: refundPayment acts only on a
// PENDING refund and Stripe dedupes the request by the payment's idempotency key; network errors are retried.
import { NonRetriableError } from "inngest";

import { inngest } from "../client";
import { paymentRefundRequested } from "../events";
import { stripeConfigFromEnv } from "~/server/integrations/stripe/client";
import { refundPayment } from "~/server/services/payments/refund-payment";

export const refundPaymentFn = inngest.createFunction(
  { id: "refund-payment", triggers: [paymentRefundRequested] },
  async ({ event, step }) =>
    step.run("refund", async () => {
      const stripe = stripeConfigFromEnv();
      if (!stripe) throw new NonRetriableError("Stripe is not configured: the refund stays pending.");
      return refundPayment({ paymentId: event.data.paymentId, stripe });
    }),
);
