// The channels the app delivers itself. SMS and PUSH register their senders from their integrations
// (registerChannel("SMS", …), registerChannel("PUSH", …)) once those exist; until then their deliveries are SKIPPED.
import { channelSender, registerChannel } from "../channels";
import { sendEmailNotification } from "./email";
import { sendInAppNotification } from "./in-app";

/** Registers IN_APP and EMAIL unless a sender is registered already (tests may put their own in first). */
export function registerBuiltInChannels(): void {
  if (!channelSender("IN_APP")) registerChannel("IN_APP", sendInAppNotification);
  if (!channelSender("EMAIL")) registerChannel("EMAIL", sendEmailNotification);
}
