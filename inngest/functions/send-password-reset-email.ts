// `user/password-reset.requested` -> the reset email. Idempotent: one link per event (derived from its id), one
// email per event (Resend idempotency key), and the step is memoised once it succeeds.
import { inngest } from "../client";
import { receivedEvent, userPasswordResetRequested } from "../events";
import { sendPasswordResetEmail } from "~/server/services/auth/password-reset";

export const sendPasswordResetEmailFn = inngest.createFunction(
  { id: "send-password-reset-email", triggers: [userPasswordResetRequested] },
  async ({ event, step }) =>
    step.run("send-email", () => sendPasswordResetEmail({ userId: event.data.userId, ...receivedEvent(event) })),
);
