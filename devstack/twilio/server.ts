/**
 * A local stand-in for Twilio's Programmable Messaging REST API (api.twilio.com/2010-04-01), enough of it for the
 * app's official `twilio` SDK: create, fetch and list Message resources, with Basic auth checked against one
 * account and Twilio's error codes for what Twilio refuses (bad or non-mobile numbers 21211/21614, opted-out
 * recipients 21610, a sender the account does not own 21606, a missing or too long body 21602/21617).
 *
 * It delivers nothing. Accepted messages go to an outbox read with `GET /__outbox` (not part of Twilio's API, no
 * auth: bind to loopback). Like Twilio it then moves each message queued -> sent -> delivered and POSTs each
 * status to the message's StatusCallback, signed with X-Twilio-Signature. `POST /__inbound` plays a phone replying
 * to a sender: STOP-type keywords opt the phone out of that sender (later sends fail with 21610), START-type ones
 * opt it back in (Twilio's default opt-out handling), and the reply is forwarded, signed, to `inboundUrl` the way
 * Twilio calls a number's messaging webhook. `POST /__status` pushes a chosen status (say "undelivered" with
 * 30003) for a message, for tests of failure handling.
 *
 * With `outboxFile`, every message and opt-out is journalled there as it changes (devstack/twilio/journal.ts), and
 * `resumeOutbox` starts from it, so a restarted `npm run dev` keeps its texts and its STOPs.
 *
 * Only Node's built-in modules are used.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { TWILIO_ERRORS, type TTwilioError } from "./errors";
import { openTwilioJournal, type TTwilioJournal } from "./journal";
import { twilioSignature } from "./signature";

export type TMessageStatus = "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed" | "received";

/** A Message resource as Twilio's 2010-04-01 API returns it (snake_case JSON). */
export type TTwilioMessage = {
  account_sid: string;
  api_version: "2010-04-01";
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: "outbound-api" | "inbound";
  error_code: number | null;
  error_message: string | null;
  from: string;
  messaging_service_sid: string | null;
  num_media: "0";
  num_segments: string;
  price: string | null;
  price_unit: "USD";
  sid: string;
  status: TMessageStatus;
  subresource_uris: { media: string };
  to: string;
  uri: string;
};

/** One status callback or inbound webhook the stand-in POSTed to the app, with how it went. */
export type TWebhookAttempt = {
  url: string;
  params: Record<string, string>;
  signature: string;
  /** HTTP status the app answered with, or null when it could not be reached. */
  responseStatus: number | null;
  error: string | null;
  at: string;
};

export type TTwilioStandInOptions = {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; 127.0.0.1 by default. The outbox has no auth: keep it loopback. */
  host?: string;
  /** The one account accepted: `AC` + 32 hex. */
  accountSid: string;
  /** Its auth token (Basic auth password, and the key signing webhooks). */
  authToken: string;
  /** Numbers the account owns and may send from (E.164). */
  phoneNumbers: string[];
  /** Where replies from phones are forwarded (the app's messaging webhook), if anywhere. */
  inboundUrl?: string;
  /** Milliseconds between the status steps queued -> sent -> delivered; 20 by default. */
  statusStepMs?: number;
  /**
   * Journal every message (and each status change) and every opt-out to this file as JSON lines, so the outbox can
   * be read back after a restart (`npm run dev` uses `.data/twilio/outbox.jsonl`). Emptied at start unless
   * `resumeOutbox`, and on clear.
   */
  outboxFile?: string;
  /** Start from what `outboxFile` holds: messages (each in its latest state) and opted-out phones. */
  resumeOutbox?: boolean;
};

export type TTwilioStandIn = {
  /** Base URL without a trailing slash: the app's TWILIO_BASE_URL. */
  url: string;
  port: number;
  /** Accepted messages, newest first (copies), outbound and inbound. */
  outbox(): TTwilioMessage[];
  /** Webhooks POSTed to the app, oldest first (copies). */
  webhooks(): TWebhookAttempt[];
  /** Phones that replied STOP to a sender: `${from}|${to}` pairs. */
  optOuts(): string[];
  /** Forgets messages, webhooks and opt-outs. */
  clear(): void;
  close(): Promise<void>;
};

const E164 = /^\+[1-9]\d{7,14}$/;
const MAX_BODY_CHARS = 1600;
const SEGMENT_CHARS = 153;
/**
 * Twilio's magic test numbers (https://www.twilio.com/docs/iam/test-credentials), answered as Twilio answers them
 * so tests can reach each refusal with a real-looking number.
 */
const MAGIC_TO: Record<string, (to: string) => TTwilioError> = {
  "+15005550001": TWILIO_ERRORS.invalidTo,
  "+15005550004": () => TWILIO_ERRORS.unsubscribed(),
  "+15005550009": TWILIO_ERRORS.notMobile,
};
/** Twilio's default opt-out keywords (https://help.twilio.com/articles/223134027), case-insensitive, whole body. */
const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
const START_WORDS = new Set(["START", "YES", "UNSTOP"]);

const rfc2822 = (d: Date): string => d.toUTCString().replace("GMT", "+0000");
const sid = (prefix: string): string => prefix + randomBytes(16).toString("hex");

export async function startTwilioStandIn(opts: TTwilioStandInOptions): Promise<TTwilioStandIn> {
  const host = opts.host ?? "127.0.0.1";
  const stepMs = opts.statusStepMs ?? 20;
  const owned = new Set(opts.phoneNumbers);
  const messages = new Map<string, { message: TTwilioMessage; statusCallback: string | null }>();
  const order: string[] = [];
  const attempts: TWebhookAttempt[] = [];
  const optedOut = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const accountPath = `/2010-04-01/Accounts/${opts.accountSid}`;
  let journal: TTwilioJournal | null = null;
  if (opts.outboxFile) {
    const opened = await openTwilioJournal(opts.outboxFile, opts.resumeOutbox ?? false);
    journal = opened.journal;
    for (const entry of opened.state.messages) {
      messages.set(entry.message.sid, { ...entry });
      order.push(entry.message.sid);
    }
    for (const pair of opened.state.optedOut) optedOut.add(pair);
  }
  const journalMessage = (messageSid: string) => {
    const entry = messages.get(messageSid);
    if (entry) journal?.append({ kind: "message", message: entry.message, statusCallback: entry.statusCallback });
  };

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  async function postWebhook(url: string, params: Record<string, string>): Promise<TWebhookAttempt> {
    const signature = twilioSignature(opts.authToken, url, params);
    const attempt: TWebhookAttempt = {
      url,
      params,
      signature,
      responseStatus: null,
      error: null,
      at: new Date().toISOString(),
    };
    attempts.push(attempt);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
          "X-Twilio-Signature": signature,
          "User-Agent": "TwilioProxy/1.1",
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      attempt.responseStatus = res.status;
      await res.arrayBuffer();
    } catch (e) {
      attempt.error = e instanceof Error ? e.message : String(e);
    }
    return attempt;
  }

  function setStatus(messageSid: string, status: TMessageStatus, errorCode: number | null = null): Promise<void> {
    const entry = messages.get(messageSid);
    if (!entry) return Promise.resolve();
    const now = new Date();
    entry.message.status = status;
    entry.message.date_updated = rfc2822(now);
    if (status === "sent" || status === "delivered") entry.message.date_sent ??= rfc2822(now);
    entry.message.error_code = errorCode;
    entry.message.error_message = errorCode === null ? null : `Error ${errorCode}`;
    journalMessage(messageSid);
    if (!entry.statusCallback) return Promise.resolve();
    const m = entry.message;
    const params: Record<string, string> = {
      AccountSid: m.account_sid,
      ApiVersion: m.api_version,
      From: m.from,
      MessageSid: m.sid,
      MessageStatus: status,
      SmsSid: m.sid,
      SmsStatus: status,
      To: m.to,
    };
    if (errorCode !== null) params.ErrorCode = String(errorCode);
    return postWebhook(entry.statusCallback, params).then(() => undefined);
  }

  function store(message: TTwilioMessage, statusCallback: string | null): void {
    messages.set(message.sid, { message, statusCallback });
    order.push(message.sid);
    journalMessage(message.sid);
  }

  function newMessage(fields: { from: string; to: string; body: string; direction: TTwilioMessage["direction"] }) {
    const now = rfc2822(new Date());
    const messageSid = sid("SM");
    const uri = `${accountPath}/Messages/${messageSid}.json`;
    const message: TTwilioMessage = {
      account_sid: opts.accountSid,
      api_version: "2010-04-01",
      body: fields.body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: fields.direction,
      error_code: null,
      error_message: null,
      from: fields.from,
      messaging_service_sid: null,
      num_media: "0",
      num_segments: String(Math.max(1, Math.ceil(fields.body.length / SEGMENT_CHARS))),
      price: null,
      price_unit: "USD",
      sid: messageSid,
      status: fields.direction === "inbound" ? "received" : "queued",
      subresource_uris: { media: `${accountPath}/Messages/${messageSid}/Media.json` },
      to: fields.to,
      uri,
    };
    return message;
  }

  /** Validates a create request the way Twilio does, in Twilio's order; returns the refusal or the message. */
  function createMessage(form: URLSearchParams): TTwilioError | TTwilioMessage {
    const to = form.get("To")?.trim() ?? "";
    const from = form.get("From")?.trim() ?? "";
    const body = form.get("Body") ?? "";
    const statusCallback = form.get("StatusCallback");
    if (!to) return TWILIO_ERRORS.missingTo();
    if (!E164.test(to)) return TWILIO_ERRORS.invalidTo(to);
    if (!from) return TWILIO_ERRORS.missingFrom();
    if (!owned.has(from)) return TWILIO_ERRORS.fromNotOwned(from);
    if (!body.trim()) return TWILIO_ERRORS.missingBody();
    if ([...body].length > MAX_BODY_CHARS) return TWILIO_ERRORS.bodyTooLong();
    if (statusCallback) {
      try {
        const u = new URL(statusCallback);
        if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
      } catch {
        return TWILIO_ERRORS.invalidCallback(statusCallback);
      }
    }
    const magic = MAGIC_TO[to];
    if (magic) return magic(to);
    if (optedOut.has(`${from}|${to}`)) return TWILIO_ERRORS.unsubscribed();
    const message = newMessage({ from, to, body, direction: "outbound-api" });
    store(message, statusCallback);
    later(stepMs, () => {
      void setStatus(message.sid, "sent").then(() => later(stepMs, () => void setStatus(message.sid, "delivered")));
    });
    return message;
  }

  function authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match) return false;
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return decoded.slice(0, colon) === opts.accountSid && decoded.slice(colon + 1) === opts.authToken;
  }

  function listPage(url: URL): Record<string, unknown> {
    const to = url.searchParams.get("To");
    const from = url.searchParams.get("From");
    const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get("PageSize") ?? 50) || 50));
    const all = [...order]
      .reverse()
      .map((s) => messages.get(s)!.message)
      .filter((m) => (!to || m.to === to) && (!from || m.from === from));
    const page = all.slice(0, pageSize);
    const uri = `${accountPath}/Messages.json?PageSize=${pageSize}&Page=0`;
    return {
      messages: page,
      end: Math.max(0, page.length - 1),
      first_page_uri: uri,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri,
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    const raw = await readBody(req);

    if (url.pathname === "/__outbox") {
      if (req.method === "GET")
        return send(200, { messages: [...order].reverse().map((s) => messages.get(s)!.message) });
      if (req.method === "DELETE") {
        clear();
        return send(200, { cleared: true });
      }
      return send(405, TWILIO_ERRORS.methodNotAllowed());
    }
    if (url.pathname === "/__webhooks" && req.method === "GET") return send(200, { webhooks: attempts });
    if (url.pathname === "/__inbound" && req.method === "POST") {
      const input = parseJson(raw) as { from?: unknown; to?: unknown; body?: unknown } | null;
      const from = typeof input?.from === "string" ? input.from : "";
      const to = typeof input?.to === "string" ? input.to : opts.phoneNumbers[0];
      const body = typeof input?.body === "string" ? input.body : "";
      if (!E164.test(from) || !to || !owned.has(to)) {
        return send(400, { error: "needs { from: E.164 phone, body, to?: a number the account owns }" });
      }
      const keyword = body.trim().toUpperCase();
      const optOutType = STOP_WORDS.has(keyword) ? "STOP" : START_WORDS.has(keyword) ? "START" : null;
      if (optOutType) {
        const pair = `${to}|${from}`;
        if (optOutType === "STOP") optedOut.add(pair);
        else optedOut.delete(pair);
        journal?.append({ kind: "opt-out", pair, optedOut: optOutType === "STOP" });
      }
      const message = newMessage({ from, to, body, direction: "inbound" });
      store(message, null);
      let forwarded: TWebhookAttempt | null = null;
      if (opts.inboundUrl) {
        const params: Record<string, string> = {
          AccountSid: opts.accountSid,
          ApiVersion: "2010-04-01",
          Body: body,
          From: from,
          MessageSid: message.sid,
          NumMedia: "0",
          NumSegments: message.num_segments,
          SmsMessageSid: message.sid,
          SmsSid: message.sid,
          SmsStatus: "received",
          To: to,
        };
        if (optOutType) params.OptOutType = optOutType;
        forwarded = await postWebhook(opts.inboundUrl, params);
      }
      return send(200, { message, optOutType, forwarded });
    }
    if (url.pathname === "/__status" && req.method === "POST") {
      const input = parseJson(raw) as { sid?: unknown; status?: unknown; errorCode?: unknown } | null;
      const messageSid = typeof input?.sid === "string" ? input.sid : "";
      if (!messages.has(messageSid)) return send(404, TWILIO_ERRORS.notFound(`/Messages/${messageSid}`));
      const status = String(input?.status) as TMessageStatus;
      const errorCode = typeof input?.errorCode === "number" ? input.errorCode : null;
      await setStatus(messageSid, status, errorCode);
      return send(200, messages.get(messageSid)!.message);
    }

    if (!url.pathname.startsWith("/2010-04-01/Accounts/")) {
      return send(404, TWILIO_ERRORS.notFound(url.pathname));
    }
    if (!authorised(req)) return send(401, TWILIO_ERRORS.authenticate());
    if (!url.pathname.startsWith(`${accountPath}/`)) return send(401, TWILIO_ERRORS.authenticate());

    const rest = url.pathname.slice(accountPath.length);
    if (rest === "/Messages.json") {
      if (req.method === "POST") {
        const result = createMessage(new URLSearchParams(raw));
        if ("code" in result) return send(result.status, result);
        return send(201, result);
      }
      if (req.method === "GET") return send(200, listPage(url));
      return send(405, TWILIO_ERRORS.methodNotAllowed());
    }
    const one = /^\/Messages\/(SM[0-9a-f]{32})\.json$/.exec(rest);
    if (one) {
      const entry = messages.get(one[1]!);
      if (!entry) return send(404, TWILIO_ERRORS.notFound(url.pathname));
      if (req.method === "GET") return send(200, entry.message);
      return send(405, TWILIO_ERRORS.methodNotAllowed());
    }
    return send(404, TWILIO_ERRORS.notFound(url.pathname));
  }

  function clear(): void {
    messages.clear();
    order.length = 0;
    attempts.length = 0;
    optedOut.clear();
    journal?.truncate();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: 500, message: e instanceof Error ? e.message : "internal error" }));
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    port,
    outbox: () => [...order].reverse().map((s) => ({ ...messages.get(s)!.message })),
    webhooks: () => attempts.map((a) => ({ ...a, params: { ...a.params } })),
    optOuts: () => [...optedOut],
    clear,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }).then(() => journal?.flush()),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 1024 * 1024) {
        reject(new Error("request body over 1 MB"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolveBody(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
