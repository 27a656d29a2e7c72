// `user/password.changed` -> the "your password was changed" notice. Idempotent: one email per event (Resend
// idempotency key), and the step is memoised once it succeeds.
import { inngest } from "../client";
import { receivedEvent, userPasswordChanged } from "../events";
import { sendPasswordChangedEmail } from "~/server/services/auth/account";

export const sendPasswordChangedEmailFn = inngest.createFunction(
  { id: "send-password-changed-email", triggers: [userPasswordChanged] },
  async ({ event, step }) =>
    step.run("send-email", () =>
      sendPasswordChangedEmail({ userId: event.data.userId, eventId: receivedEvent(event).eventId }),
    ),
);
