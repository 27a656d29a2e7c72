// Messages phones send to our number (the number's messaging webhook in Twilio): STOP and START are recorded on
// the accounts with that phone; anything else is ignored. Signed, verified, idempotent.
import { emptyTwiml, readTwilioWebhook } from "~/server/integrations/twilio/webhook";
import { optOutChange, recordSmsOptOut } from "~/server/services/sms/sms-opt-out";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

async function handlePost(req: Request) {
  const hook = await readTwilioWebhook(req);
  if (!hook.ok) return hook.response;
  const from = hook.params.From;
  if (!from) return new Response("From is required", { status: 400 });
  const change = optOutChange(hook.params);
  if (change) await recordSmsOptOut(from, change);
  return emptyTwiml();
}

export const POST = withRequestLog("/api/twilio/inbound", handlePost);
