import { Writable } from "node:stream";

import { describe, expect, it, vi } from "vitest";

// The logger reads its level from the validated environment.
vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "unit-test-secret-that-is-at-least-32-characters";
});

import { createLogger, runWithRequest } from "~/server/log/logger";
import { isSecretField, REDACTED, redact, redactText } from "~/server/log/redact";

/** A logger writing parsed JSON lines into `lines`. */
function capture(): { lines: Record<string, unknown>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createLogger({ destination, level: "info" }) };
}

describe("isSecretField", () => {
  it("matches secrets and personal fields whatever their case or separators", () => {
    for (const name of [
      "password",
      "newPassword",
      "passwordHash",
      "AUTH_SECRET",
      "clientSecret",
      "token",
      "accessToken",
      "refresh_token",
      "cookie",
      "Set-Cookie",
      "authorization",
      "Authorization",
      "apiKey",
      "x-api-key",
      "stripe-signature",
      "email",
      "contactEmail",
      "phone",
      "phoneNumber",
      "deliveryCode",
      "otp",
      "dsn",
    ]) {
      expect(isSecretField(name), name).toBe(true);
    }
  });

  it("keeps ordinary fields", () => {
    for (const name of ["id", "userId", "status", "path", "method", "durationMs", "footprint", "code", "message"]) {
      expect(isSecretField(name), name).toBe(false);
    }
  });
});

describe("redact", () => {
  it("replaces secret fields at any depth and leaves the rest", () => {
    const input = {
      path: "auth.signIn",
      input: { email: "ann@example.com", password: "hunter2!", remember: true },
      headers: { authorization: "Bearer abc.def", cookie: "tt.session=xyz", accept: "application/json" },
      list: [{ phone: "+15551234567", name: "Ann" }],
    };
    expect(redact(input)).toEqual({
      path: "auth.signIn",
      input: { email: REDACTED, password: REDACTED, remember: true },
      headers: { authorization: REDACTED, cookie: REDACTED, accept: "application/json" },
      list: [{ phone: REDACTED, name: "Ann" }],
    });
    // The original is untouched.
    expect(input.input.password).toBe("hunter2!");
  });

  it("leaves stack traces' chunk paths and package versions alone, masking a real address beside them", () => {
    const stack = [
      "Error: boom",
      "    at Object.captureException (/app/.next/server/chunks/node_modules_@sentry_core_build_esm_index_0f1c2a.js:747:30)",
      "    at run (file:///app/node_modules/.pnpm/@sentry+core@10.1.0/node_modules/@sentry/core/build/esm/index.js:12:3)",
      "    at async login (/app/.next/server/chunks/[root-of-the-server]__ab12cd._.js:88:9) for dana@example.com",
    ].join("\n");
    const out = redactText(stack);
    expect(out).toContain("chunks/node_modules_@sentry_core_build_esm_index_0f1c2a.js:747:30");
    expect(out).toContain("/@sentry+core@10.1.0/node_modules/@sentry/core/build/esm/index.js:12:3");
    expect(out).toContain("for [email]");
    expect(out).not.toContain("dana@example.com");
    expect(redactText("mail support@trial-transport.example.org now")).toBe("mail [email] now");
  });

  it("masks emails, bearer credentials and secret query parameters inside strings", () => {
    expect(redactText("no account for ann.lee+x@example.co.uk")).toBe("no account for [email]");
    expect(redactText("sent Authorization: Bearer eyJhbGciOi.x-y_z")).toBe(`sent Authorization: Bearer ${REDACTED}`);
    expect(redactText("GET /api/unsubscribe?token=s3cr3t&list=all")).toBe(
      `GET /api/unsubscribe?token=${REDACTED}&list=all`,
    );
  });

  it("turns errors into plain objects with masked message and stack, and follows the cause", () => {
    const error = new Error("login failed for ann@example.com", { cause: { token: "t0k3n" } });
    const out = redact({ err: error }) as { err: Record<string, unknown> };
    expect(out.err.type).toBe("Error");
    expect(out.err.message).toBe("login failed for [email]");
    expect(String(out.err.stack)).not.toContain("ann@example.com");
    expect(out.err.cause).toEqual({ token: REDACTED });
  });

  it("survives cycles and headers objects", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(redact(loop)).toEqual({ a: 1, self: "[Circular]" });
    const headers = new Headers({ cookie: "a=b", "x-request-id": "abcdefgh12" });
    expect(redact({ headers })).toEqual({ headers: { cookie: REDACTED, "x-request-id": "abcdefgh12" } });
  });
});

describe("logger", () => {
  it("writes JSON lines with secrets redacted from fields, errors and the message", () => {
    const { lines, log } = capture();
    log.info({ user: { email: "ann@example.com", id: "u1" }, password: "pw" }, "signed in ann@example.com");
    log.error(new Error("Bearer abc123 rejected"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "signed in [email]",
      user: { email: REDACTED, id: "u1" },
      password: REDACTED,
    });
    expect(lines[1]).toMatchObject({ level: "error", msg: `Bearer ${REDACTED} rejected` });
    expect((lines[1]!.err as { message: string }).message).toBe(`Bearer ${REDACTED} rejected`);
    expect(JSON.stringify(lines)).not.toMatch(/ann@example\.com|"pw"|abc123/);
  });

  it("stamps the current request's id on every line written while serving it", () => {
    const { lines, log } = capture();
    runWithRequest({ requestId: "req-12345678", userId: null }, () => {
      log.info("inside");
      log.warn({ detail: 1 }, "inside with fields");
    });
    log.info("outside");
    expect(lines.map((l) => l.requestId)).toEqual(["req-12345678", "req-12345678", undefined]);
  });
});
