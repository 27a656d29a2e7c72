// The one way the app sends email: the official Resend SDK, pointed by configuration at Resend or at the
// devstack stand-in. Without a key the feature says it is not configured; it never pretends to send.
import { Resend } from "resend";

import { env } from "~/env";
import { AppError } from "~/lib/app-error";

export type TEmail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  idempotencyKey?: string;
  /** Extra headers (List-Unsubscribe...). */
  headers?: Record<string, string>;
};

let client: Resend | null = null;

function resend(): Resend {
  if (!env.RESEND_API_KEY) throw new AppError("NOT_CONFIGURED", "Email is not configured (RESEND_API_KEY is not set).");
  if (!client) {
    // The SDK reads its base URL from RESEND_BASE_URL; env.js validated it.
    client = new Resend(env.RESEND_API_KEY);
  }
  return client;
}

export async function sendEmail(email: TEmail): Promise<{ id: string }> {
  const { data, error } = await resend().emails.send(
    {
      from: env.EMAIL_FROM,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      ...(email.headers ? { headers: email.headers } : {}),
    },
    email.idempotencyKey ? { idempotencyKey: email.idempotencyKey } : undefined,
  );
  if (error || !data) throw new AppError("INTERNAL", `Email to ${email.to} failed: ${error?.message ?? "no response"}`);
  return { id: data.id };
}
