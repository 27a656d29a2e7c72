/**
 * Contract test: drives the local Resend stand-in with the OFFICIAL `resend` SDK, the
 * same way the app does (RESEND_BASE_URL in the environment, `new Resend(key)`).
 *
 * The SDK reads RESEND_BASE_URL in the `Resend` constructor (not at import), so setting
 * the env var before each `new Resend(...)` is enough; it is restored afterwards.
 */
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resend } from "resend";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startResendStandIn, type ResendStandIn, type SentEmail } from "./server";

const API_KEY = "re_test_contract_key";
const FROM = "Acme <noreply@acme.test>";

let standIn: ResendStandIn;
let previousBaseUrl: string | undefined;

function client(key = API_KEY): Resend {
  return new Resend(key);
}

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${standIn.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

const authed = (extra: Record<string, string> = {}): Record<string, string> => ({
  Authorization: `Bearer ${API_KEY}`,
  "Content-Type": "application/json",
  ...extra,
});

beforeAll(async () => {
  standIn = await startResendStandIn({ port: 0, apiKey: API_KEY });
  previousBaseUrl = process.env.RESEND_BASE_URL;
  process.env.RESEND_BASE_URL = standIn.url;
});

afterAll(async () => {
  if (previousBaseUrl === undefined) delete process.env.RESEND_BASE_URL;
  else process.env.RESEND_BASE_URL = previousBaseUrl;
  await standIn.close();
});

beforeEach(() => standIn.clear());
afterEach(() => standIn.clear());

describe("SDK wiring", () => {
  it("the SDK reads RESEND_BASE_URL at construction and talks to the stand-in", () => {
    const resend = client();
    expect(resend.baseUrl).toBe(standIn.url);
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe("POST /emails", () => {
  it("returns an id and stores the email with exact fields", async () => {
    const { data, error } = await client().emails.send({
      from: FROM,
      to: "ada@example.com",
      cc: ["cc1@example.com", "Cc Two <cc2@example.com>"],
      bcc: "bcc@example.com",
      replyTo: "support@acme.test",
      subject: "Welcome",
      html: "<p>Hello Ada</p>",
      text: "Hello Ada",
      headers: { "X-Entity-Ref-ID": "ref-1" },
      tags: [{ name: "category", value: "welcome_email" }],
    });
    expect(error).toBeNull();
    expect(data?.id).toMatch(/^[0-9a-f-]{36}$/);

    const outbox = standIn.outbox();
    expect(outbox).toHaveLength(1);
    const sent = outbox[0] as SentEmail;
    expect(sent).toMatchObject({
      object: "email",
      id: data?.id,
      from: FROM,
      to: ["ada@example.com"],
      cc: ["cc1@example.com", "Cc Two <cc2@example.com>"],
      bcc: ["bcc@example.com"],
      reply_to: ["support@acme.test"],
      subject: "Welcome",
      html: "<p>Hello Ada</p>",
      text: "Hello Ada",
      headers: { "X-Entity-Ref-ID": "ref-1" },
      tags: [{ name: "category", value: "welcome_email" }],
      attachments: [],
      scheduled_at: null,
      last_event: "delivered",
      devstack: { endpoint: "/emails", idempotency_key: null, user_agent: "resend-node:6.38.0" },
    });
    expect(Date.parse(sent.created_at)).not.toBeNaN();
  });

  it("attachments sent as binary reach the outbox base64-encoded", async () => {
    const { error } = await client().emails.send({
      from: FROM,
      to: "ada@example.com",
      subject: "Invoice",
      text: "attached",
      attachments: [{ filename: "a.txt", content: Buffer.from("hello"), contentType: "text/plain" }],
    });
    expect(error).toBeNull();
    expect(standIn.outbox()[0]?.attachments).toEqual([
      { filename: "a.txt", content: "aGVsbG8=", path: null, content_type: "text/plain", content_id: null },
    ]);
  });

  it("a future scheduled_at is stored as scheduled", async () => {
    const when = new Date(Date.now() + 3_600_000).toISOString();
    const { error } = await client().emails.send({
      from: FROM,
      to: "ada@example.com",
      subject: "Later",
      text: "later",
      scheduledAt: when,
    });
    expect(error).toBeNull();
    expect(standIn.outbox()[0]).toMatchObject({ scheduled_at: when, last_event: "scheduled" });
  });
});

describe("GET /emails/:id", () => {
  it("returns the email like Resend does", async () => {
    const resend = client();
    const sent = await resend.emails.send({
      from: FROM,
      to: ["ada@example.com", "bob@example.com"],
      subject: "Fetch me",
      html: "<b>hi</b>",
    });
    const id = sent.data?.id ?? "";
    const { data, error } = await resend.emails.get(id);
    expect(error).toBeNull();
    expect(data).toEqual({
      object: "email",
      id,
      to: ["ada@example.com", "bob@example.com"],
      from: FROM,
      created_at: standIn.outbox()[0]?.created_at,
      subject: "Fetch me",
      html: "<b>hi</b>",
      text: null,
      bcc: null,
      cc: null,
      reply_to: null,
      last_event: "delivered",
      scheduled_at: null,
      tags: [],
      topic_id: null,
      message_id: `<${id}@devstack.resend.local>`,
    });
  });

  it("unknown id -> not_found", async () => {
    const { data, error } = await client().emails.get("00000000-0000-4000-8000-000000000000");
    expect(data).toBeNull();
    expect(error).toEqual({ statusCode: 404, name: "not_found", message: "Email not found" });
  });

  it("non-UUID id -> invalid_parameter", async () => {
    const { error } = await client().emails.get("nope");
    expect(error).toMatchObject({ statusCode: 422, name: "invalid_parameter" });
  });
});

describe("GET /emails (list)", () => {
  it("lists newest first without bodies", async () => {
    const resend = client();
    const first = await resend.emails.send({ from: FROM, to: "a@example.com", subject: "1", text: "1" });
    const second = await resend.emails.send({ from: FROM, to: "b@example.com", subject: "2", text: "2" });
    const { data, error } = await resend.emails.list({ limit: 1 });
    expect(error).toBeNull();
    expect(data?.has_more).toBe(true);
    expect(data?.data.map((e) => e.id)).toEqual([second.data?.id]);
    expect(data?.data[0]).not.toHaveProperty("html");
    const next = await resend.emails.list({ limit: 1, after: second.data?.id ?? "" });
    expect(next.data?.data.map((e) => e.id)).toEqual([first.data?.id]);
    expect(next.data?.has_more).toBe(false);
  });
});

describe("POST /emails/batch", () => {
  it("sends every email and returns their ids in order", async () => {
    const { data, error } = await client().batch.send([
      { from: FROM, to: "a@example.com", subject: "A", text: "a" },
      { from: FROM, to: ["b@example.com"], subject: "B", html: "<p>b</p>" },
    ]);
    expect(error).toBeNull();
    expect(data?.data).toHaveLength(2);
    const outbox = standIn.outbox(); // newest first
    expect(outbox.map((e) => e.id)).toEqual([data?.data[1]?.id, data?.data[0]?.id]);
    expect(outbox.map((e) => e.subject)).toEqual(["B", "A"]);
    expect(outbox[0]?.devstack.endpoint).toBe("/emails/batch");
  });

  it("strict (default): one invalid email -> 422 and nothing stored", async () => {
    const { data, error } = await client().batch.send([
      { from: FROM, to: "a@example.com", subject: "A", text: "a" },
      { from: "not-an-address", to: "b@example.com", subject: "B", text: "b" },
    ]);
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(error?.message).toMatch(/^emails\[1\]: Invalid `from` field/);
    expect(standIn.outbox()).toHaveLength(0);
  });

  it("permissive: valid emails are sent, invalid ones reported by index", async () => {
    const { data, error } = await client().batch.send(
      [
        { from: FROM, to: "a@example.com", subject: "A", text: "a" },
        { from: FROM, to: "b@example.com", subject: "B" } as never,
      ],
      { batchValidation: "permissive" },
    );
    expect(error).toBeNull();
    expect(data?.data).toHaveLength(1);
    expect(data?.errors).toEqual([{ index: 1, message: "Missing `html` or `text` field." }]);
    expect(standIn.outbox().map((e) => e.subject)).toEqual(["A"]);
  });

  it("more than 100 emails -> validation_error, nothing stored", async () => {
    const emails = Array.from({ length: 101 }, (_, i) => ({
      from: FROM,
      to: `u${i}@example.com`,
      subject: "s",
      text: "t",
    }));
    const { error } = await client().batch.send(emails);
    expect(error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(standIn.outbox()).toHaveLength(0);
  });

  it("attachments are rejected in batch", async () => {
    const { error } = await client().batch.send([
      {
        from: FROM,
        to: "a@example.com",
        subject: "A",
        text: "a",
        attachments: [{ filename: "x", content: "eA==" }],
      } as never,
    ]);
    expect(error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(standIn.outbox()).toHaveLength(0);
  });
});

describe("auth", () => {
  it("wrong key -> invalid_api_key, nothing stored", async () => {
    const { data, error } = await client("re_wrong").emails.send({
      from: FROM,
      to: "ada@example.com",
      subject: "x",
      text: "x",
    });
    expect(data).toBeNull();
    expect(error).toEqual({ statusCode: 403, name: "invalid_api_key", message: "API key is invalid" });
    expect(standIn.outbox()).toHaveLength(0);
  });

  it("wrong key cannot read emails either", async () => {
    const sent = await client().emails.send({ from: FROM, to: "ada@example.com", subject: "x", text: "x" });
    const { error } = await client("re_wrong").emails.get(sent.data?.id ?? "");
    expect(error?.name).toBe("invalid_api_key");
  });

  it("missing Authorization header -> 401 missing_api_key (raw HTTP; the SDK always sends one)", async () => {
    const res = await raw("/emails", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ from: FROM, to: "ada@example.com", subject: "x", text: "x" }),
    });
    expect(res).toEqual({
      status: 401,
      body: {
        statusCode: 401,
        name: "missing_api_key",
        message:
          "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.",
      },
    });
    expect(standIn.outbox()).toHaveLength(0);
  });
});

describe("validation (nothing stored on failure)", () => {
  const base = { from: FROM, to: "ada@example.com", subject: "Hi", text: "Hi" };

  it.each([
    ["missing to", { ...base, to: undefined }, 422, "missing_required_field", "Missing `to` field."],
    ["empty to array", { ...base, to: [] }, 422, "missing_required_field", "Missing `to` field."],
    ["missing from", { ...base, from: undefined }, 422, "missing_required_field", "Missing `from` field."],
    ["missing subject", { ...base, subject: undefined }, 422, "missing_required_field", "Missing `subject` field."],
    ["no html/text", { ...base, text: undefined }, 422, "missing_required_field", "Missing `html` or `text` field."],
  ])("%s -> %s %s", async (_label, payload, statusCode, name, message) => {
    const { data, error } = await client().emails.send(payload as never);
    expect(data).toBeNull();
    expect(error).toEqual({ statusCode, name, message });
    expect(standIn.outbox()).toHaveLength(0);
  });

  it.each([
    ["bad from", { ...base, from: "acme.test" }, /^Invalid `from` field\. The email address needs to follow/],
    ["bad from (name, no brackets)", { ...base, from: "Acme noreply@acme.test" }, /^Invalid `from` field/],
    ["bad to", { ...base, to: ["ok@example.com", "nope"] }, /^Invalid `to` field\..*"nope"/],
    ["bad cc", { ...base, cc: "x@" }, /^Invalid `cc` field/],
    ["bad reply_to", { ...base, replyTo: ["@x.com"] }, /^Invalid `reply_to` field/],
    [
      "51 recipients",
      { ...base, to: Array.from({ length: 51 }, (_, i) => `u${i}@example.com`) },
      /At most 50 recipients.*got 51/,
    ],
    ["bad tag", { ...base, tags: [{ name: "has space", value: "v" }] }, /^Invalid `tags` field/],
    ["subject not a string", { ...base, subject: 42 }, /`subject` field must be a `string`/],
    ["headers not strings", { ...base, headers: { "X-A": 1 } }, /header `X-A`/],
    ["bad scheduled_at", { ...base, scheduledAt: "tomorrow-ish" }, /^Invalid `scheduled_at` field/],
  ])("%s -> validation_error", async (_label, payload, message) => {
    const { data, error } = await client().emails.send(payload as never);
    expect(data).toBeNull();
    expect(error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect(error?.message).toMatch(message);
    expect(standIn.outbox()).toHaveLength(0);
  });

  it("50 recipients and html-only are accepted", async () => {
    const { error } = await client().emails.send({
      from: "noreply@acme.test",
      to: Array.from({ length: 50 }, (_, i) => `u${i}@example.com`),
      subject: "Hi",
      html: "<p>Hi</p>",
    });
    expect(error).toBeNull();
    expect(standIn.outbox()[0]?.to).toHaveLength(50);
  });

  it("template -> not_found (the stand-in has no templates)", async () => {
    const { error } = await client().emails.send({ to: "ada@example.com", template: { id: "welcome" } });
    expect(error).toMatchObject({ statusCode: 404, name: "not_found" });
    expect(standIn.outbox()).toHaveLength(0);
  });

  it("malformed JSON -> 400 validation_error", async () => {
    const res = await raw("/emails", { method: "POST", headers: authed(), body: "{not json" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, name: "validation_error" });
    expect(standIn.outbox()).toHaveLength(0);
  });
});

describe("idempotency", () => {
  const payload = { from: FROM, to: "ada@example.com", subject: "Once", text: "only once" };

  it("same key + same body -> same id, one outbox entry", async () => {
    const resend = client();
    const a = await resend.emails.send(payload, { idempotencyKey: "welcome/user-1" });
    const b = await resend.emails.send({ ...payload }, { idempotencyKey: "welcome/user-1" });
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expect(b.data?.id).toBe(a.data?.id);
    expect(standIn.outbox()).toHaveLength(1);
    expect(standIn.outbox()[0]?.devstack.idempotency_key).toBe("welcome/user-1");
  });

  it("different keys -> two emails", async () => {
    const resend = client();
    const a = await resend.emails.send(payload, { idempotencyKey: "k-1" });
    const b = await resend.emails.send(payload, { idempotencyKey: "k-2" });
    expect(b.data?.id).not.toBe(a.data?.id);
    expect(standIn.outbox()).toHaveLength(2);
  });

  it("same key + different body -> 409 invalid_idempotent_request", async () => {
    const resend = client();
    await resend.emails.send(payload, { idempotencyKey: "welcome/user-2" });
    const { data, error } = await resend.emails.send(
      { ...payload, subject: "Changed" },
      { idempotencyKey: "welcome/user-2" },
    );
    expect(data).toBeNull();
    expect(error).toEqual({
      statusCode: 409,
      name: "invalid_idempotent_request",
      message: "Same idempotency key used with a different request payload.",
    });
    expect(standIn.outbox()).toHaveLength(1);
  });

  it("a rejected request does not burn the key", async () => {
    const resend = client();
    const bad = await resend.emails.send({ ...payload, from: "bad" }, { idempotencyKey: "retry-me" });
    expect(bad.error?.name).toBe("validation_error");
    const good = await resend.emails.send({ ...payload, from: "bad" }, { idempotencyKey: "retry-me" });
    expect(good.error?.name).toBe("validation_error");
    const fixed = await resend.emails.send(payload, { idempotencyKey: "retry-me" });
    expect(fixed.error).toBeNull();
    expect(standIn.outbox()).toHaveLength(1);
  });

  it("batch honours the key too", async () => {
    const resend = client();
    const emails = [payload, { ...payload, to: "bob@example.com" }];
    const a = await resend.batch.send(emails, { idempotencyKey: "batch-1" });
    const b = await resend.batch.send(emails, { idempotencyKey: "batch-1" });
    expect(a.error).toBeNull();
    expect(b.data?.data).toEqual(a.data?.data);
    expect(standIn.outbox()).toHaveLength(2);
  });

  it("key longer than 256 chars -> 400 invalid_idempotency_key", async () => {
    const { error } = await client().emails.send(payload, { idempotencyKey: "k".repeat(257) });
    expect(error).toMatchObject({ statusCode: 400, name: "invalid_idempotency_key" });
    expect(standIn.outbox()).toHaveLength(0);
  });
});

describe("routing", () => {
  it("unknown route -> 404 not_found", async () => {
    const res = await raw("/nope", { headers: authed() });
    expect(res).toEqual({
      status: 404,
      body: { statusCode: 404, name: "not_found", message: "The requested endpoint does not exist." },
    });
  });

  it("wrong method -> 405 method_not_allowed", async () => {
    const res = await raw("/emails/batch", { method: "GET", headers: authed() });
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({ statusCode: 405, name: "method_not_allowed" });
    const del = await raw("/emails", { method: "DELETE", headers: authed() });
    expect(del.status).toBe(405);
  });

  it("real Resend endpoints the stand-in lacks answer 501, not a misleading 404", async () => {
    const { error } = await client().domains.list();
    expect(error).toMatchObject({ statusCode: 501, name: "application_error" });
    expect(error?.message).toMatch(/not implemented by the local Resend stand-in/);
  });
});

describe("outbox endpoint (stand-in only)", () => {
  it("GET /__outbox lists newest first, filters by ?to=, needs no auth; DELETE clears", async () => {
    const resend = client();
    await resend.emails.send({ from: FROM, to: "Ada <ADA@example.com>", subject: "1", text: "1" });
    await resend.emails.send({ from: FROM, to: ["bob@example.com"], subject: "2", text: "2" });
    await resend.emails.send({ from: FROM, to: ["x@example.com", "ada@example.com"], subject: "3", text: "3" });

    const all = await raw("/__outbox");
    expect(all.status).toBe(200);
    expect((all.body as { emails: SentEmail[] }).emails.map((e) => e.subject)).toEqual(["3", "2", "1"]);

    const ada = await raw("/__outbox?to=ada@example.com");
    expect((ada.body as { emails: SentEmail[] }).emails.map((e) => e.subject)).toEqual(["3", "1"]);
    const adaNamed = await raw(`/__outbox?to=${encodeURIComponent("Ada L. <Ada@Example.com>")}`);
    expect((adaNamed.body as { emails: SentEmail[] }).emails.map((e) => e.subject)).toEqual(["3", "1"]);

    const cleared = await raw("/__outbox", { method: "DELETE" });
    expect(cleared.status).toBe(200);
    expect(standIn.outbox()).toEqual([]);
    expect(((await raw("/__outbox")).body as { emails: SentEmail[] }).emails).toEqual([]);
  });
});

describe("outboxFile option", () => {
  it("mirrors the outbox as JSON lines: truncated at start and on clear", async () => {
    const dir = await mkdtemp(join(tmpdir(), "resend-outbox-"));
    const file = join(dir, "deep", "outbox.jsonl");
    try {
      const first = await startResendStandIn({ apiKey: API_KEY, outboxFile: file });
      const resend = new Resend(API_KEY, { baseUrl: first.url });
      await resend.emails.send({ from: FROM, to: "a@example.com", subject: "stale", text: "x" });
      await first.close();
      expect((await readFile(file, "utf8")).trim().split("\n")).toHaveLength(1);

      const second = await startResendStandIn({ apiKey: API_KEY, outboxFile: file });
      expect(await readFile(file, "utf8")).toBe("");
      const again = new Resend(API_KEY, { baseUrl: second.url });
      await again.emails.send({ from: FROM, to: "a@example.com", subject: "dropped", text: "x" });
      second.clear();
      const kept = await again.emails.send({ from: FROM, to: "b@example.com", subject: "kept", text: "x" });
      await second.close();

      const lines = (await readFile(file, "utf8")).trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? "")).toMatchObject({ id: kept.data?.id, subject: "kept", to: ["b@example.com"] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("with resumeOutbox, a restarted stand-in lists what was sent before and keeps appending", async () => {
    const dir = await mkdtemp(join(tmpdir(), "resend-outbox-"));
    const file = join(dir, "outbox.jsonl");
    try {
      const first = await startResendStandIn({ apiKey: API_KEY, outboxFile: file, resumeOutbox: true });
      const before = await new Resend(API_KEY, { baseUrl: first.url }).emails.send({
        from: FROM,
        to: "a@example.com",
        subject: "your reset link",
        text: "x",
      });
      await first.close();
      // A line cut short by a crash is skipped, the rest kept.
      await appendFile(file, '{"object":"email","id":"cut sh', "utf8");

      const second = await startResendStandIn({ apiKey: API_KEY, outboxFile: file, resumeOutbox: true });
      expect(second.outbox().map((e) => e.id)).toEqual([before.data?.id]);
      const after = await new Resend(API_KEY, { baseUrl: second.url }).emails.send({
        from: FROM,
        to: "b@example.com",
        subject: "welcome",
        text: "x",
      });
      expect(second.outbox().map((e) => e.id)).toEqual([after.data?.id, before.data?.id]);
      const listed = (await (await fetch(`${second.url}/__outbox`)).json()) as { emails: { id: string }[] };
      expect(listed.emails.map((e) => e.id)).toEqual([after.data?.id, before.data?.id]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
