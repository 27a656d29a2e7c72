// The development page /dev/outbox: what the app sent through the local stand-ins, emails (Resend stand-in,
// `GET /__outbox`) and texts (Twilio stand-in, `GET /__outbox`) in one list, newest first. The stand-ins answer
// loopback callers and exist in development alone; production has Resend's and Twilio's own logs.
import { z } from "zod";

/** One email as the Resend stand-in lists it (devstack/resend/server.ts SentEmail: the fields shown). */
const ZOutboxEmailSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string().nullable().optional(),
  created_at: z.string(),
  last_event: z.string().optional(),
});

/** One message as the Twilio stand-in lists it (devstack/twilio/server.ts TTwilioMessage: the fields shown). */
const ZOutboxSmsSchema = z.object({
  sid: z.string(),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  status: z.string(),
  direction: z.string(),
  date_created: z.string(),
  error_code: z.number().nullable().optional(),
});

/** One row of the page: an email or a text, its time as an ISO-8601 instant (shown in the viewer's zone). */
export type TOutboxItem =
  | {
      kind: "email";
      id: string;
      from: string;
      to: string[];
      subject: string;
      text: string | null;
      status: string;
      at: string;
    }
  | {
      kind: "sms";
      id: string;
      from: string;
      to: string;
      body: string;
      /** Twilio's status: queued, sent, delivered, undelivered, failed, received (a reply from a phone). */
      status: string;
      direction: "outbound" | "inbound";
      errorCode: number | null;
      at: string;
    };

/** One stand-in's answer: its items, or why it could not be read (never thrown: the page shows it). */
export type TOutboxSource = { ok: true; items: TOutboxItem[] } | { ok: false; message: string } | null;

export type TDevOutbox = {
  /** Emails and texts of the sources that answered, newest first. */
  items: TOutboxItem[];
  /** Per stand-in: null when its URL is not configured. */
  email: TOutboxSource;
  sms: TOutboxSource;
};

async function getJson(
  base: string,
  path: string,
): Promise<{ ok: true; body: unknown } | { ok: false; message: string }> {
  const url = new URL(path, base);
  try {
    const res = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(5000) });
    if (!res.ok) return { ok: false, message: `${url.origin} answered ${res.status} ${res.statusText}.` };
    return { ok: true, body: (await res.json()) as unknown };
  } catch (error) {
    return {
      ok: false,
      message: `Could not reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Parses each entry on its own: an entry the page cannot show is left out, never the whole list. */
function parseEach<T>(list: unknown, schema: z.ZodType<T>): T[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    const parsed = schema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

async function loadEmails(base: string, to: string | undefined): Promise<TOutboxSource> {
  const url = to ? `/__outbox?to=${encodeURIComponent(to)}` : "/__outbox";
  const got = await getJson(base, url);
  if (!got.ok) return got;
  const emails = parseEach((got.body as { emails?: unknown } | null)?.emails, ZOutboxEmailSchema);
  return {
    ok: true,
    items: emails.map((e) => ({
      kind: "email",
      id: e.id,
      from: e.from,
      to: e.to,
      subject: e.subject,
      text: e.text ?? null,
      status: e.last_event ?? "sent",
      at: e.created_at,
    })),
  };
}

/** A phone number reduced to `+` and digits, so "+1 (312) 555-0100" finds "+13125550100". */
const phoneKey = (value: string) => value.replace(/[^\d+]/g, "");

async function loadTexts(base: string, to: string | undefined): Promise<TOutboxSource> {
  const got = await getJson(base, "/__outbox");
  if (!got.ok) return got;
  const wanted = to === undefined ? null : phoneKey(to);
  const texts = parseEach((got.body as { messages?: unknown } | null)?.messages, ZOutboxSmsSchema);
  return {
    ok: true,
    items: texts
      // A phone's number is on `to` for what we sent and on `from` for its replies; an email address matches none.
      .filter((m) => wanted === null || phoneKey(m.to) === wanted || phoneKey(m.from) === wanted)
      .map((m) => ({
        kind: "sms",
        id: m.sid,
        from: m.from,
        to: m.to,
        body: m.body,
        status: m.status,
        direction: m.direction === "inbound" ? "inbound" : "outbound",
        errorCode: m.error_code ?? null,
        // Twilio's dates are RFC 2822 ("Mon, 30 Nov 2026 17:20:00 +0000"): made ISO here.
        at: new Date(m.date_created).toISOString(),
      })),
  };
}

/**
 * Reads both stand-ins (`resendUrl`, `twilioUrl`: their base URLs, null when not configured) and merges what they
 * sent, newest first; `to` keeps only items for that email address (matched by the Resend stand-in) or phone
 * (any formatting). Never throws: a stand-in that cannot be read is reported in its source, the other still shown.
 */
export async function loadDevOutbox(opts: {
  resendUrl: string | null;
  twilioUrl: string | null;
  to?: string;
}): Promise<TDevOutbox> {
  const to = opts.to?.trim() || undefined;
  const [email, sms] = await Promise.all([
    opts.resendUrl ? loadEmails(opts.resendUrl, to) : Promise.resolve(null),
    opts.twilioUrl ? loadTexts(opts.twilioUrl, to) : Promise.resolve(null),
  ]);
  const items = [...(email?.ok ? email.items : []), ...(sms?.ok ? sms.items : [])].sort(
    (a, b) => Date.parse(b.at) - Date.parse(a.at),
  );
  return { items, email, sms };
}
