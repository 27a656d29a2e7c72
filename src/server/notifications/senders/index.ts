// The channels the app delivers: in-app, email (Resend), SMS (Twilio) and web push. A channel whose service is not
// configured fails its deliveries at once with the sender's "not configured" error, recorded on the row.
import { channelSender, registerChannel } from "../channels";
import { sendEmailNotification } from "./email";
import { sendInAppNotification } from "./in-app";
import { sendPushNotification } from "./push";
import { sendSmsNotification } from "./sms";

/** Registers IN_APP, EMAIL, SMS and PUSH unless a sender is registered already (tests may put their own in first). */
export function registerBuiltInChannels(): void {
  if (!channelSender("IN_APP")) registerChannel("IN_APP", sendInAppNotification);
  if (!channelSender("EMAIL")) registerChannel("EMAIL", sendEmailNotification);
  if (!channelSender("SMS")) registerChannel("SMS", sendSmsNotification);
  if (!channelSender("PUSH")) registerChannel("PUSH", sendPushNotification);
}
