// Every Inngest function the app serves at /api/inngest (src/app/api/inngest/route.ts), one per file.
import { notifyNewMessageFn } from "./functions/notify-new-message";
import { notifyRecipientArrivingFn } from "./functions/notify-recipient-arriving";
import { notifyStatusChangeFn } from "./functions/notify-status-change";
import { pickupRemindersFn } from "./functions/pickup-reminders";
import { relayOutboxFn } from "./functions/relay-outbox";
import { sendAccountExistsEmailFn } from "./functions/send-account-exists-email";
import { sendPasswordChangedEmailFn } from "./functions/send-password-changed-email";
import { sendPasswordResetEmailFn } from "./functions/send-password-reset-email";
import { sendVerificationEmailFn } from "./functions/send-verification-email";

export const functions = [
  sendVerificationEmailFn,
  sendPasswordResetEmailFn,
  sendPasswordChangedEmailFn,
  sendAccountExistsEmailFn,
  relayOutboxFn,
  notifyStatusChangeFn,
  notifyNewMessageFn,
  pickupRemindersFn,
  notifyRecipientArrivingFn,
];
