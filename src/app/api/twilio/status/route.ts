// Twilio's message status callbacks (StatusCallback that sendSms sets): signed, verified, applied idempotently.
import { readTwilioWebhook } from "~/server/integrations/twilio/webhook";
import { recordSmsStatus } from "~/server/services/sms/sms-delivery-status";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

async function handlePost(req: Request) {
  const hook = await readTwilioWebhook(req);
  if (!hook.ok) return hook.response;
  const { MessageSid, MessageStatus, ErrorCode } = hook.params;
  if (!MessageSid || !MessageStatus) return new Response("MessageSid and MessageStatus are required", { status: 400 });
  await recordSmsStatus({ messageSid: MessageSid, status: MessageStatus, errorCode: ErrorCode ?? null });
  return new Response(null, { status: 204 });
}

export const POST = withRequestLog("/api/twilio/status", handlePost);
