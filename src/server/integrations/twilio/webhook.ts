// Requests from Twilio (status callbacks, inbound messages) are trusted only with a valid X-Twilio-Signature
// (https://www.twilio.com/docs/usage/webhooks/webhooks-security), checked with the SDK's validateRequest over the
// public URL (APP_URL + path + query) Twilio was given, and the POSTed form fields.
import twilio from "twilio";

import { twilioConfig, twilioWebhookUrl } from "./config";

const MAX_BODY_BYTES = 64 * 1024;

export type TTwilioWebhook = { ok: true; params: Record<string, string> } | { ok: false; response: Response };

/**
 * Reads and verifies one Twilio webhook request. `ok: false` carries the answer to send: 503 when Twilio is not
 * configured, 413 for a body over 64 KB, 400 for a body that is not a form, 403 for a missing or wrong signature.
 */
export async function readTwilioWebhook(req: Request): Promise<TTwilioWebhook> {
  const config = twilioConfig();
  if (!config) return { ok: false, response: new Response("SMS is not configured", { status: 503 }) };
  const raw = await req.text();
  if (raw.length > MAX_BODY_BYTES) return { ok: false, response: new Response("Too large", { status: 413 }) };
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    return { ok: false, response: new Response("Expected a form body", { status: 400 }) };
  }
  const params = Object.fromEntries(new URLSearchParams(raw));
  const url = new URL(req.url);
  const signature = req.headers.get("x-twilio-signature") ?? "";
  const publicUrl = twilioWebhookUrl(url.pathname + url.search);
  if (!signature || !twilio.validateRequest(config.authToken, signature, publicUrl, params)) {
    return { ok: false, response: new Response("Invalid signature", { status: 403 }) };
  }
  return { ok: true, params };
}

/** An empty TwiML reply: Twilio sends nothing back to the phone (it answers STOP/START itself). */
export function emptyTwiml(): Response {
  return new Response('<?xml version="1.0" encoding="UTF-8"?><Response/>', {
    status: 200,
    headers: { "Content-Type": "text/xml; charset=utf-8" },
  });
}
