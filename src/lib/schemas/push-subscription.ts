// A browser push subscription as the account page sends it to the server (tRPC push.subscribe).
import { z } from "zod";

/**
 * A browser's PushSubscription as `subscription.toJSON()` gives it. The endpoint is the push service's URL; keys are
 * base64url (p256dh: the 65-byte P-256 public key, auth: 16 bytes).
 */
export const ZPushSubscriptionSchema = z.object({
  endpoint: z.url({ error: "Not a push endpoint URL." }).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, { error: "Not a P-256 public key." }),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}={0,2}$/, { error: "Not a push auth secret." }),
  }),
});
export type TPushSubscription = z.infer<typeof ZPushSubscriptionSchema>;

export const ZPushEndpointSchema = z.object({ endpoint: z.url({ error: "Not a push endpoint URL." }).max(2048) });
