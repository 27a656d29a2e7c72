// Sends one SMS through Twilio's Messages API (the official SDK; the devstack stand-in locally). Callers pick the
// number with smsAddressFor (src/server/services/sms/sms-address.ts): only a verified, not opted-out number.
import { ChannelError } from "~/server/integrations/channel-error";
import { twilioClient, twilioConfig, twilioWebhookUrl } from "./config";

/**
 * Twilio error codes that no retry can fix (https://www.twilio.com/docs/api/errors): bad or non-mobile number,
 * unsubscribed recipient, region not enabled, sender not ours, empty or too long body, bad credentials.
 */
const PERMANENT_CODES = new Set([20003, 21211, 21408, 21602, 21604, 21606, 21610, 21612, 21614, 21617]);

/** Twilio's code for "the recipient replied STOP": the number must be marked opted out. */
export const TWILIO_UNSUBSCRIBED = "21610";

/**
 * Sends `body` (at most 1600 characters) to `to` (E.164, e.g. "+14155550123") from TWILIO_FROM_NUMBER, asking
 * Twilio for status callbacks at `${APP_URL}/api/twilio/status`. Returns Twilio's message sid ("SM…") as
 * `providerId`.
 *
 * Throws ChannelError: `permanent` with Twilio's code for refusals no retry can fix (21211 invalid number, 21614
 * not a mobile, 21610 unsubscribed, 20003 bad credentials, ...), and for SMS not being configured (code
 * "not_configured"); not permanent for 429, 5xx and network failures.
 */
export async function sendSms(opts: { to: string; body: string }): Promise<{ providerId: string }> {
  const config = twilioConfig();
  if (!config) {
    throw new ChannelError({
      permanent: true,
      code: "not_configured",
      message: "SMS is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER).",
    });
  }
  try {
    const message = await twilioClient(config).messages.create({
      to: opts.to,
      from: config.from,
      body: opts.body,
      statusCallback: twilioWebhookUrl("/api/twilio/status"),
    });
    return { providerId: message.sid };
  } catch (e) {
    throw toChannelError(e);
  }
}

function toChannelError(e: unknown): ChannelError {
  const err = e as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof err.status === "number") {
    const code = typeof err.code === "number" ? err.code : undefined;
    const permanent = code !== undefined ? PERMANENT_CODES.has(code) : err.status >= 400 && err.status < 500;
    return new ChannelError({
      permanent: permanent && err.status !== 429,
      code: code !== undefined ? String(code) : `http_${err.status}`,
      message: `Twilio refused the message (${err.status}${code ? `, ${code}` : ""}): ${String(err.message)}`,
    });
  }
  return new ChannelError({
    permanent: false,
    code: "unreachable",
    message: `Twilio could not be reached: ${e instanceof Error ? e.message : String(e)}`,
  });
}
