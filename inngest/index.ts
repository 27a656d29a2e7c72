// Every Inngest function the app serves at /api/inngest (src/app/api/inngest/route.ts), one per file.
import { refundPaymentFn } from "./functions/refund-payment";
import { notifyNewMessageFn } from "./functions/notify-new-message";
import { notifyRecipientArrivingFn } from "./functions/notify-recipient-arriving";
import { notifyStatusChangeFn } from "./functions/notify-status-change";
import { pickupRemindersFn } from "./functions/pickup-reminders";
import { relayOutboxFn } from "./functions/relay-outbox";
import { sendAccountExistsEmailFn } from "./functions/send-account-exists-email";
import { sendPasswordChangedEmailFn } from "./functions/send-password-changed-email";
import { sendPasswordResetEmailFn } from "./functions/send-password-reset-email";
import { sendVerificationEmailFn } from "./functions/send-verification-email";
import { expireStaleLoadsFn } from "./functions/expire-stale-loads";
import { autoCompleteDeliveriesFn } from "./functions/auto-complete-deliveries";
import { compactLocationPingsFn } from "./functions/compact-location-pings";
import { sendDailySummariesFn } from "./functions/send-daily-summaries";
import { notifyInterventionFn } from "./functions/notify-intervention";
import { weeklyPayoutsFn } from "./functions/weekly-payouts";
import { sweepOrphanUploadsFn } from "./functions/sweep-orphan-uploads";
import { rollUpAnalyticsFn } from "./functions/roll-up-analytics";
import { notifyDeliveryCodeLockedFn } from "./functions/notify-delivery-code-locked";
import { applyStripeEventFn } from "./functions/apply-stripe-event";

export const functions = [
  sendVerificationEmailFn,
  sendPasswordResetEmailFn,
  sendPasswordChangedEmailFn,
  sendAccountExistsEmailFn,
  relayOutboxFn,
  expireStaleLoadsFn,
  autoCompleteDeliveriesFn,
  compactLocationPingsFn,
  sendDailySummariesFn,
  refundPaymentFn,
  notifyStatusChangeFn,
  notifyNewMessageFn,
  pickupRemindersFn,
  notifyRecipientArrivingFn,
  notifyInterventionFn,
  weeklyPayoutsFn,
  sweepOrphanUploadsFn,
  rollUpAnalyticsFn,
  notifyDeliveryCodeLockedFn,
  applyStripeEventFn,
];
