// `user/registration.attempted` -> the notice to an address's owner that someone tried to sign up with it.
// Idempotent: one email per event (Resend idempotency key), and the step is memoised once it succeeds.
import { inngest } from "../client";
import { receivedEvent, userRegistrationAttempted } from "../events";
import { sendAccountExistsEmail } from "~/server/services/auth/register-user";

export const sendAccountExistsEmailFn = inngest.createFunction(
  { id: "send-account-exists-email", triggers: [userRegistrationAttempted] },
  async ({ event, step }) =>
    step.run("send-email", () =>
      sendAccountExistsEmail({ userId: event.data.userId, eventId: receivedEvent(event).eventId }),
    ),
);
