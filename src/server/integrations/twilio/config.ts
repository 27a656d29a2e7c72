// Twilio's settings from src/env.js, read at call time (tests and the devstack set them per run). Unset account,
// token or sender: SMS is off, and senders say so instead of pretending to send.
import twilio from "twilio";

import { env } from "~/env";
import { BaseUrlRequestClient } from "./base-url-client";

export type TTwilioConfig = { accountSid: string; authToken: string; from: string; baseUrl: string | null };

/** The configured account, or null when SMS is not set up (TWILIO_ACCOUNT_SID, _AUTH_TOKEN, _FROM_NUMBER). */
export function twilioConfig(): TTwilioConfig | null {
  if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN || !env.TWILIO_FROM_NUMBER) return null;
  return {
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    from: env.TWILIO_FROM_NUMBER,
    baseUrl: env.TWILIO_BASE_URL ?? null,
  };
}

/** The official SDK client for `config`, sent to TWILIO_BASE_URL (the stand-in) when that is set. */
export function twilioClient(config: TTwilioConfig): twilio.Twilio {
  return twilio(config.accountSid, config.authToken, {
    httpClient: config.baseUrl ? new BaseUrlRequestClient(config.baseUrl) : undefined,
  });
}

/**
 * The public URL Twilio calls for `path` ("/api/twilio/status"): APP_URL plus the path. Webhook signatures cover
 * the full URL Twilio was given, so the routes check them against this, never against the Host header.
 */
export function twilioWebhookUrl(path: string): string {
  return new URL(path, env.APP_URL).toString();
}
