/**
 * A local stand-in for the Resend email API (https://resend.com/docs/api-reference).
 *
 * The app's official `resend` SDK is pointed at it with `RESEND_BASE_URL`. It speaks
 * the same wire format as api.resend.com for the parts the app uses — send, batch
 * send, get and list — with the same error body shape (`{statusCode, name, message}`)
 * and error names the SDK declares. Nothing is delivered anywhere: every accepted
 * email lands in an in-memory outbox (and optionally a JSON-lines file) that
 * developers and tests read through `GET /__outbox`, an endpoint that is NOT part of
 * Resend's API and needs no API key. Bind it to loopback only.
 *
 * Only `node:http` is used; there are no dependencies.
 */
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export interface SentAttachment {
  filename: string | null;
  /** Base64 content exactly as the client sent it (the SDK base64-encodes binary content). */
  content: string | null;
  /** Remote URL Resend would fetch the attachment from; the stand-in does not fetch it. */
  path: string | null;
  content_type: string | null;
  content_id: string | null;
}

export interface EmailTag {
  name: string;
  value: string;
}

export type LastEvent = "delivered" | "scheduled";

/** One accepted email, as kept in the outbox. */
export interface SentEmail {
  object: "email";
  id: string;
  created_at: string;
  from: string;
  /** Always an array, as Resend returns it, even if a single string was sent. */
  to: string[];
  cc: string[] | null;
  bcc: string[] | null;
  reply_to: string[] | null;
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string> | null;
  tags: EmailTag[];
  attachments: SentAttachment[];
  scheduled_at: string | null;
  topic_id: string | null;
  message_id: string;
  last_event: LastEvent;
  /** Stand-in metadata (not part of Resend's email object). */
  devstack: {
    endpoint: "/emails" | "/emails/batch";
    idempotency_key: string | null;
    user_agent: string | null;
  };
}

export interface ResendStandInOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. The outbox has no auth: keep this loopback. */
  host?: string;
  /** The only API key the stand-in accepts (`Authorization: Bearer <apiKey>`). */
  apiKey: string;
  /**
   * If set, the file mirrors the outbox as JSON lines (oldest first) so another process
   * can read it: truncated at start (unless `resumeOutbox`) and on clear, one line appended per accepted email.
   */
  outboxFile?: string;
  /**
   * Start from the emails already in `outboxFile` instead of truncating it, so a restarted `npm run dev` still lists
   * (and links to) what was sent before. Idempotency records are not restored.
   */
  resumeOutbox?: boolean;
}

export interface ResendStandIn {
  /** Base URL without a trailing slash — use it as RESEND_BASE_URL. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Accepted emails, newest first (copies). */
  outbox(): SentEmail[];
  /** Empties the outbox, the stored emails and the idempotency records. */
  clear(): void;
}

// ---------------------------------------------------------------------------
// Errors (shape and names as in the SDK's ErrorResponse / RESEND_ERROR_CODE_KEY)
// ---------------------------------------------------------------------------

interface ApiError {
  statusCode: number;
  name: string;
  message: string;
}

const apiError = (statusCode: number, name: string, message: string): ApiError => ({
  statusCode,
  name,
  message,
});

const ERR = {
  missingApiKey: apiError(
    401,
    "missing_api_key",
    "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.",
  ),
  invalidApiKey: apiError(403, "invalid_api_key", "API key is invalid"),
  routeNotFound: apiError(404, "not_found", "The requested endpoint does not exist."),
  methodNotAllowed: apiError(405, "method_not_allowed", "Method is not allowed for the requested path."),
  emailNotFound: apiError(404, "not_found", "Email not found"),
  invalidIdempotencyKey: apiError(400, "invalid_idempotency_key", "The key must be between 1-256 chars."),
  idempotencyConflict: apiError(
    409,
    "invalid_idempotent_request",
    "Same idempotency key used with a different request payload.",
  ),
} as const;

const missingField = (field: string): ApiError =>
  apiError(422, "missing_required_field", `Missing \`${field}\` field.`);
const invalid = (message: string): ApiError => apiError(422, "validation_error", message);

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

const MAX_RECIPIENTS = 50;
const MAX_BATCH = 100;
const MAX_TAG_LENGTH = 256;
const MAX_BODY_BYTES = 40 * 1024 * 1024; // Resend's documented per-email limit incl. attachments
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000; // Resend keeps keys for 24 hours

const TAG_RE = /^[A-Za-z0-9_-]+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_PART_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const DOMAIN_LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const ISO_8601_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isBareEmail(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART_RE.test(local)) return false;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return false;
  const labels = domain.split(".");
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL_RE.test(label));
}

/** `email@domain` or `Name <email@domain>`; returns the bare address or null. */
export function parseAddress(value: string): string | null {
  const trimmed = value.trim();
  const named = /^(.*?)\s*<([^<>]*)>$/.exec(trimmed);
  if (named) {
    const name = named[1] ?? "";
    const email = (named[2] ?? "").trim();
    if (/[<>]/.test(name)) return null;
    return isBareEmail(email) ? email : null;
  }
  return isBareEmail(trimmed) ? trimmed : null;
}

const addressFormatHint =
  "The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";

type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: ApiError): Result<T> => ({ ok: false, error });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Absent for validation purposes: not sent, null, or "". */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function recipients(field: string, value: unknown, required: boolean): Result<string[] | null> {
  if (isAbsent(value) || (Array.isArray(value) && value.length === 0)) {
    return required ? fail(missingField(field)) : ok(null);
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length > MAX_RECIPIENTS) {
    return fail(
      invalid(`Invalid \`${field}\` field. At most ${MAX_RECIPIENTS} recipients are allowed, got ${list.length}.`),
    );
  }
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== "string") {
      return fail(invalid(`The \`${field}\` field must be a \`string\` or an array of \`string\`s.`));
    }
    if (parseAddress(item) === null) {
      return fail(invalid(`Invalid \`${field}\` field. ${addressFormatHint} Received: ${JSON.stringify(item)}.`));
    }
    out.push(item.trim());
  }
  return ok(out);
}

function optionalString(field: string, value: unknown): Result<string | null> {
  if (value === undefined || value === null) return ok(null);
  if (typeof value !== "string") return fail(invalid(`The \`${field}\` field must be a \`string\`.`));
  return ok(value);
}

/** What a request validates to: the stored email minus the fields the server assigns. */
type ValidEmail = Omit<SentEmail, "object" | "id" | "created_at" | "message_id" | "last_event" | "devstack">;

function validateEmail(body: unknown, batch: boolean): Result<ValidEmail> {
  if (!isRecord(body)) return fail(invalid("The request body must be a JSON object."));

  if (body.template !== undefined && body.template !== null) {
    // Resend renders stored templates; the stand-in has none, so every id is unknown.
    return fail(
      apiError(
        404,
        "not_found",
        "Template not found. (The local Resend stand-in has no templates; send `html` or `text` instead.)",
      ),
    );
  }

  // from
  if (isAbsent(body.from)) return fail(missingField("from"));
  if (typeof body.from !== "string") return fail(invalid("The `from` field must be a `string`."));
  if (parseAddress(body.from) === null) {
    return fail(invalid(`Invalid \`from\` field. ${addressFormatHint}`));
  }
  const from = body.from.trim();

  // to / cc / bcc / reply_to
  const to = recipients("to", body.to, true);
  if (!to.ok) return to;
  const cc = recipients("cc", body.cc, false);
  if (!cc.ok) return cc;
  const bcc = recipients("bcc", body.bcc, false);
  if (!bcc.ok) return bcc;
  const replyTo = recipients("reply_to", body.reply_to, false);
  if (!replyTo.ok) return replyTo;

  // subject
  if (isAbsent(body.subject)) return fail(missingField("subject"));
  if (typeof body.subject !== "string") return fail(invalid("The `subject` field must be a `string`."));

  // body: the SDK renders `react` to `html` client-side, so only html/text reach the API.
  const html = optionalString("html", body.html);
  if (!html.ok) return html;
  const text = optionalString("text", body.text);
  if (!text.ok) return text;
  if (!html.value && !text.value) return fail(missingField("html` or `text"));

  // headers
  let headers: Record<string, string> | null = null;
  if (body.headers !== undefined && body.headers !== null) {
    if (!isRecord(body.headers)) return fail(invalid("The `headers` field must be an object."));
    headers = {};
    for (const [key, value] of Object.entries(body.headers)) {
      if (typeof value !== "string") {
        return fail(invalid(`Invalid \`headers\` field. The value of header \`${key}\` must be a \`string\`.`));
      }
      headers[key] = value;
    }
  }

  // tags
  const tags: EmailTag[] = [];
  if (body.tags !== undefined && body.tags !== null) {
    if (!Array.isArray(body.tags)) return fail(invalid("The `tags` field must be an array of `{ name, value }`."));
    for (const tag of body.tags as unknown[]) {
      if (!isRecord(tag) || typeof tag.name !== "string" || typeof tag.value !== "string") {
        return fail(invalid("Invalid `tags` field. Each tag must be an object with string `name` and `value`."));
      }
      for (const part of [tag.name, tag.value]) {
        if (!TAG_RE.test(part) || part.length > MAX_TAG_LENGTH) {
          return fail(
            invalid(
              `Invalid \`tags\` field. Tag names and values can only contain ASCII letters (a–z, A–Z), numbers (0–9), underscores (_), or dashes (-), and at most ${MAX_TAG_LENGTH} characters. Received: ${JSON.stringify(part)}.`,
            ),
          );
        }
      }
      tags.push({ name: tag.name, value: tag.value });
    }
  }

  // attachments (not supported by the batch endpoint)
  const attachments: SentAttachment[] = [];
  if (body.attachments !== undefined && body.attachments !== null) {
    if (batch) return fail(invalid("The `attachments` field is not supported by the batch endpoint."));
    if (!Array.isArray(body.attachments)) return fail(invalid("The `attachments` field must be an array."));
    for (const att of body.attachments as unknown[]) {
      if (!isRecord(att)) return fail(invalid("Invalid `attachments` field. Each attachment must be an object."));
      const content = optionalString("attachments[].content", att.content);
      if (!content.ok) return content;
      const path = optionalString("attachments[].path", att.path);
      if (!path.ok) return path;
      if (!content.value && !path.value) {
        return fail(apiError(422, "invalid_attachment", "Attachment must have either a `content` or `path`."));
      }
      const filename = att.filename === false ? ok(null) : optionalString("attachments[].filename", att.filename);
      if (!filename.ok) return filename;
      const contentType = optionalString("attachments[].content_type", att.content_type);
      if (!contentType.ok) return contentType;
      const contentId = optionalString("attachments[].content_id", att.content_id);
      if (!contentId.ok) return contentId;
      attachments.push({
        filename: filename.value,
        content: content.value,
        path: path.value,
        content_type: contentType.value,
        content_id: contentId.value,
      });
    }
  }

  // scheduled_at (not supported by the batch endpoint)
  let scheduledAt: string | null = null;
  if (!isAbsent(body.scheduled_at)) {
    if (batch) return fail(invalid("The `scheduled_at` field is not supported by the batch endpoint."));
    if (typeof body.scheduled_at !== "string") return fail(invalid("The `scheduled_at` field must be a `string`."));
    // Resend also accepts natural language ("in 1 min"); the stand-in only understands ISO 8601.
    if (!ISO_8601_RE.test(body.scheduled_at) || Number.isNaN(Date.parse(body.scheduled_at))) {
      return fail(
        invalid(
          "Invalid `scheduled_at` field. Use an ISO 8601 date (e.g. 2024-08-05T11:52:01.858Z); the local Resend stand-in does not parse natural-language dates.",
        ),
      );
    }
    scheduledAt = new Date(body.scheduled_at).toISOString();
  }

  const topicId = optionalString("topic_id", body.topic_id);
  if (!topicId.ok) return topicId;

  return ok({
    from,
    to: to.value ?? [],
    cc: cc.value,
    bcc: bcc.value,
    reply_to: replyTo.value,
    subject: body.subject,
    html: html.value,
    text: text.value,
    headers,
    tags,
    attachments,
    scheduled_at: scheduledAt,
    topic_id: topicId.value,
  });
}

// ---------------------------------------------------------------------------
// HTTP plumbing
// ---------------------------------------------------------------------------

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.statusCode, error);
}

/** JSON with object keys sorted, so equal payloads compare equal regardless of key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Real Resend endpoints this stand-in does not implement: answered 501, not a misleading 404. */
const UNIMPLEMENTED_RESOURCES = new Set([
  "api-keys",
  "audiences",
  "automations",
  "broadcasts",
  "contact-properties",
  "contacts",
  "domains",
  "events",
  "inboxes",
  "logs",
  "oauth-grants",
  "segments",
  "suppressions",
  "templates",
  "topics",
  "usage",
  "webhooks",
]);

const notImplemented = (method: string, path: string): ApiError =>
  apiError(
    501,
    "application_error",
    `\`${method} ${path}\` is part of the Resend API but is not implemented by the local Resend stand-in (devstack/resend).`,
  );

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: unknown;
  expiresAt: number;
}

interface Handled {
  status: number;
  body: unknown;
}

export async function startResendStandIn(opts: ResendStandInOptions): Promise<ResendStandIn> {
  if (!opts.apiKey) throw new Error("startResendStandIn: `apiKey` is required");
  const host = opts.host ?? "127.0.0.1";
  const apiKey = opts.apiKey;

  /** Oldest first; the outbox views reverse it. */
  let emails: SentEmail[] = [];
  let byId = new Map<string, SentEmail>();
  let idempotency = new Map<string, IdempotencyRecord>();

  let fileWrites: Promise<void> = Promise.resolve();
  /** Serialises file operations so appends and truncations keep their order. */
  function writeOutboxFile(op: (file: string) => Promise<void>): void {
    const file = opts.outboxFile;
    if (!file) return;
    fileWrites = fileWrites
      .then(() => op(file))
      .catch((err: unknown) => {
        console.error(`[devstack/resend] could not write ${file}:`, err);
      });
  }
  if (opts.outboxFile) {
    await mkdir(dirname(opts.outboxFile), { recursive: true });
    if (opts.resumeOutbox) {
      const text = await readFile(opts.outboxFile, "utf8").catch(() => "");
      for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        try {
          const email = JSON.parse(line) as SentEmail;
          if (typeof email.id !== "string") continue;
          emails.push(email);
          byId.set(email.id, email);
        } catch {
          // A line cut short by a crash: skip it, keep the rest.
        }
      }
    } else {
      await writeFile(opts.outboxFile, "", "utf8");
    }
  }

  function store(valid: ValidEmail, endpoint: SentEmail["devstack"]["endpoint"], req: IncomingMessage): SentEmail {
    const id = randomUUID();
    const now = Date.now();
    const email: SentEmail = {
      object: "email",
      id,
      created_at: new Date(now).toISOString(),
      ...valid,
      message_id: `<${id}@devstack.resend.local>`,
      last_event: valid.scheduled_at !== null && Date.parse(valid.scheduled_at) > now ? "scheduled" : "delivered",
      devstack: {
        endpoint,
        idempotency_key: headerValue(req, "idempotency-key") ?? null,
        user_agent: headerValue(req, "user-agent") ?? null,
      },
    };
    emails.push(email);
    byId.set(id, email);
    const line = `${JSON.stringify(email)}\n`;
    writeOutboxFile((file) => appendFile(file, line, "utf8"));
    return email;
  }

  function sendOne(body: unknown, req: IncomingMessage): Handled {
    const result = validateEmail(body, false);
    if (!result.ok) return { status: result.error.statusCode, body: result.error };
    const email = store(result.value, "/emails", req);
    return { status: 200, body: { id: email.id } };
  }

  function sendBatch(body: unknown, req: IncomingMessage): Handled {
    const modeHeader = (headerValue(req, "x-batch-validation") ?? "strict").toLowerCase();
    if (modeHeader !== "strict" && modeHeader !== "permissive") {
      const e = invalid("The `x-batch-validation` header must be `strict` or `permissive`.");
      return { status: e.statusCode, body: e };
    }
    if (!Array.isArray(body)) {
      const e = invalid("The request body must be a JSON array of emails.");
      return { status: e.statusCode, body: e };
    }
    const items = body as unknown[];
    if (items.length === 0) {
      const e = invalid("The batch must contain at least one email.");
      return { status: e.statusCode, body: e };
    }
    if (items.length > MAX_BATCH) {
      const e = invalid(`The batch can contain at most ${MAX_BATCH} emails, got ${items.length}.`);
      return { status: e.statusCode, body: e };
    }
    const results = items.map((item) => validateEmail(item, true));
    if (modeHeader === "strict") {
      const firstBad = results.findIndex((r) => !r.ok);
      const bad = results[firstBad];
      if (bad && !bad.ok) {
        // Nothing is stored when any email is invalid.
        const e = { ...bad.error, message: `emails[${firstBad}]: ${bad.error.message}` };
        return { status: e.statusCode, body: e };
      }
    }
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    results.forEach((r, index) => {
      if (r.ok) data.push({ id: store(r.value, "/emails/batch", req).id });
      else errors.push({ index, message: r.error.message });
    });
    return { status: 200, body: modeHeader === "permissive" ? { data, errors } : { data } };
  }

  function toApiEmail(e: SentEmail): Record<string, unknown> {
    return {
      object: "email",
      id: e.id,
      to: e.to,
      from: e.from,
      created_at: e.created_at,
      subject: e.subject,
      html: e.html,
      text: e.text,
      bcc: e.bcc,
      cc: e.cc,
      reply_to: e.reply_to,
      last_event: e.last_event,
      scheduled_at: e.scheduled_at,
      tags: e.tags,
      topic_id: e.topic_id,
      message_id: e.message_id,
    };
  }

  function listEmails(url: URL): Handled {
    const limitRaw = url.searchParams.get("limit");
    const after = url.searchParams.get("after");
    const before = url.searchParams.get("before");
    const limit = limitRaw === null ? 20 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      const e = invalid("The `limit` parameter must be an integer between 1 and 100.");
      return { status: e.statusCode, body: e };
    }
    if (after !== null && before !== null) {
      const e = invalid("The `after` and `before` parameters cannot be used together.");
      return { status: e.statusCode, body: e };
    }
    const newestFirst = [...emails].reverse();
    let window = newestFirst;
    let hasMore: boolean;
    const cursor = after ?? before;
    if (cursor !== null) {
      const at = newestFirst.findIndex((e) => e.id === cursor);
      if (at === -1) {
        const e = invalid(`The cursor \`${cursor}\` does not match any email.`);
        return { status: e.statusCode, body: e };
      }
      if (after !== null) {
        window = newestFirst.slice(at + 1);
        hasMore = window.length > limit;
        window = window.slice(0, limit);
      } else {
        window = newestFirst.slice(0, at);
        hasMore = window.length > limit;
        window = window.slice(Math.max(0, window.length - limit));
      }
    } else {
      hasMore = window.length > limit;
      window = window.slice(0, limit);
    }
    const data = window.map((e) => {
      const { html: _h, text: _t, tags: _g, object: _o, ...rest } = toApiEmail(e);
      return rest;
    });
    return { status: 200, body: { object: "list", has_more: hasMore, data } };
  }

  function outboxView(filterTo: string | null): SentEmail[] {
    const needle = filterTo ? (parseAddress(filterTo) ?? filterTo.trim()).toLowerCase() : null;
    const newestFirst = [...emails].reverse();
    if (!needle) return newestFirst;
    return newestFirst.filter((e) => e.to.some((addr) => (parseAddress(addr) ?? addr).toLowerCase() === needle));
  }

  function clear(): void {
    emails = [];
    byId = new Map();
    idempotency = new Map();
    writeOutboxFile((file) => writeFile(file, "", "utf8"));
  }

  /** Resolves auth; returns an error to send, or null when the key is right. */
  function checkAuth(req: IncomingMessage): ApiError | null {
    const header = headerValue(req, "authorization");
    const match = header ? /^Bearer\s+(.*)$/i.exec(header.trim()) : null;
    const token = match?.[1]?.trim() ?? "";
    if (!token) return ERR.missingApiKey;
    if (token !== apiKey) return ERR.invalidApiKey;
    return null;
  }

  async function handlePost(
    req: IncomingMessage,
    res: ServerResponse,
    path: "/emails" | "/emails/batch",
    run: (body: unknown, req: IncomingMessage) => Handled,
  ): Promise<void> {
    const authError = checkAuth(req);
    if (authError) return sendError(res, authError);

    const key = headerValue(req, "idempotency-key");
    if (key !== undefined && (key.length < 1 || key.length > 256)) return sendError(res, ERR.invalidIdempotencyKey);

    let raw: string;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        return sendError(res, apiError(413, "validation_error", "The request body exceeds the 40MB limit."));
      }
      throw err;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      const detail = err instanceof Error ? ` ${err.message}` : "";
      return sendError(res, apiError(400, "validation_error", `The request body is not valid JSON.${detail}`));
    }

    // From here to the response everything is synchronous, so two requests with the
    // same key cannot interleave (Resend's `concurrent_idempotent_requests` cannot occur).
    if (key !== undefined) {
      const now = Date.now();
      for (const [k, rec] of idempotency) if (rec.expiresAt <= now) idempotency.delete(k);
      const mode = path === "/emails/batch" ? (headerValue(req, "x-batch-validation") ?? "strict") : "";
      const fingerprint = `${path}\n${mode}\n${canonicalJson(body)}`;
      const previous = idempotency.get(key);
      if (previous) {
        if (previous.fingerprint !== fingerprint) return sendError(res, ERR.idempotencyConflict);
        return sendJson(res, previous.status, previous.body);
      }
      const result = run(body, req);
      // Only successful responses are remembered; a rejected request can be retried with the same key.
      if (result.status >= 200 && result.status < 300) {
        idempotency.set(key, {
          fingerprint,
          status: result.status,
          body: result.body,
          expiresAt: now + IDEMPOTENCY_TTL_MS,
        });
      }
      return sendJson(res, result.status, result.body);
    }
    const result = run(body, req);
    return sendJson(res, result.status, result.body);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://stand-in.local");
    const path = url.pathname;
    const segments = path.split("/").slice(1);

    // --- Stand-in only: the outbox (no auth; loopback only) ---
    if (path === "/__outbox") {
      if (method === "GET") return sendJson(res, 200, { emails: outboxView(url.searchParams.get("to")) });
      if (method === "DELETE") {
        clear();
        return sendJson(res, 200, { cleared: true });
      }
      return sendError(res, ERR.methodNotAllowed);
    }

    // --- Resend API ---
    if (path === "/emails") {
      if (method === "POST") return handlePost(req, res, "/emails", sendOne);
      if (method === "GET") {
        const authError = checkAuth(req);
        if (authError) return sendError(res, authError);
        const r = listEmails(url);
        return sendJson(res, r.status, r.body);
      }
      return sendError(res, ERR.methodNotAllowed);
    }
    if (path === "/emails/batch") {
      if (method === "POST") return handlePost(req, res, "/emails/batch", sendBatch);
      return sendError(res, ERR.methodNotAllowed);
    }
    if (segments[0] === "emails" && segments.length === 2 && segments[1]) {
      const id = decodeURIComponent(segments[1]);
      if (method === "GET") {
        const authError = checkAuth(req);
        if (authError) return sendError(res, authError);
        if (!UUID_RE.test(id)) {
          return sendError(res, apiError(422, "invalid_parameter", "The `id` parameter must be a valid UUID."));
        }
        const email = byId.get(id);
        return email ? sendJson(res, 200, toApiEmail(email)) : sendError(res, ERR.emailNotFound);
      }
      if (method === "PATCH") return sendError(res, notImplemented(method, "/emails/:id"));
      return sendError(res, ERR.methodNotAllowed);
    }
    if (segments[0] === "emails" && segments.length === 3 && segments[1]) {
      return sendError(res, notImplemented(method, `/emails/:id/${segments[2] ?? ""}`));
    }
    if (segments[0] && UNIMPLEMENTED_RESOURCES.has(segments[0])) {
      return sendError(res, notImplemented(method, path));
    }
    return sendError(res, ERR.routeNotFound);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      console.error("[devstack/resend] internal error:", err);
      if (!res.headersSent) {
        sendError(res, apiError(500, "internal_server_error", "The local Resend stand-in failed; see its log."));
      } else {
        res.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once("error", onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    outbox: () => outboxView(null).map((e) => structuredClone(e)),
    clear,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
        // Give in-flight requests a moment, then cut whatever keep-alive sockets remain.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }).then(() => fileWrites);
      return closing;
    },
  };
}
