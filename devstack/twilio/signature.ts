// X-Twilio-Signature as Twilio computes it for webhooks it sends
// (https://www.twilio.com/docs/usage/webhooks/webhooks-security): the full URL the request goes to, then every
// POST parameter sorted by name with its name and value appended, HMAC-SHA1 with the account's auth token, base64.
// Written out here (not taken from the SDK) so the contract suite checks the SDK's validator against an
// independent signer.
import { createHmac } from "node:crypto";

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((key) => key + params[key])
      .join("");
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}
