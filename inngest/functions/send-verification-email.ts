// `user/registered`, `user/verification.requested` -> the verification email. Idempotent: the service derives the
// link from the event id and sends under a per-event Resend idempotency key; the step is memoised once it succeeds.
import { inngest } from "../client";
import { receivedEvent, userRegistered, userVerificationRequested } from "../events";
import { sendVerificationEmail } from "~/server/services/auth/verification";

export const sendVerificationEmailFn = inngest.createFunction(
  { id: "send-verification-email", triggers: [userRegistered, userVerificationRequested] },
  async ({ event, step }) =>
    step.run("send-email", () => sendVerificationEmail({ userId: event.data.userId, ...receivedEvent(event) })),
);
