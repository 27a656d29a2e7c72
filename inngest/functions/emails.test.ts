// Unit tests of the email functions with @inngest/test: each event becomes one `send-email` step that calls its
// service with the user and the event's id (the idempotency key of the send) and time; an event without an id
// fails the run for good, a failing send fails the step (Inngest retries it). The services are mocked here;
// their integration tests send through the executor and the Resend stand-in.
import { InngestTestEngine } from "@inngest/test";
import { NonRetriableError } from "inngest";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { sendAccountExistsEmailFn } from "./send-account-exists-email";
import { sendPasswordChangedEmailFn } from "./send-password-changed-email";
import { sendPasswordResetEmailFn } from "./send-password-reset-email";
import { sendVerificationEmailFn } from "./send-verification-email";
import { sendPasswordChangedEmail } from "~/server/services/auth/account";
import { sendPasswordResetEmail } from "~/server/services/auth/password-reset";
import { sendAccountExistsEmail } from "~/server/services/auth/register-user";
import { sendVerificationEmail } from "~/server/services/auth/verification";

// No keys: the client needs none to run functions in process.
vi.mock("~/env", () => ({ env: { NODE_ENV: "test" } }));
vi.mock("~/server/services/auth/verification", () => ({ sendVerificationEmail: vi.fn() }));
vi.mock("~/server/services/auth/password-reset", () => ({ sendPasswordResetEmail: vi.fn() }));
vi.mock("~/server/services/auth/account", () => ({ sendPasswordChangedEmail: vi.fn() }));
vi.mock("~/server/services/auth/register-user", () => ({ sendAccountExistsEmail: vi.fn() }));

// A run that waits on an unmocked step would hang in @inngest/test: fail it instead.
vi.setConfig({ testTimeout: 10_000 });

const TS = Date.parse("2026-11-30T09:15:00Z");
const event = (name: string) => ({ name, id: "01EVENTID" as string | undefined, ts: TS, data: { userId: "u_1" } });
/** The same event with no id (the key present and undefined: @inngest/test fills in an id when the key is absent). */
const withoutId = (name: string) => ({ ...event(name), id: undefined });
const SENT = { sent: true as const, emailId: "em_1" };

beforeEach(() => {
  vi.clearAllMocks();
});

describe("send-verification-email", () => {
  const run = (e: ReturnType<typeof event>) =>
    new InngestTestEngine({ function: sendVerificationEmailFn, events: [e] }).execute();

  it.each(["user/registered", "user/verification.requested"])(
    "%s sends the verification email keyed by the event",
    async (name) => {
      vi.mocked(sendVerificationEmail).mockResolvedValue(SENT);
      const { result, ctx } = await run(event(name));
      expect(result).toEqual(SENT);
      expect(sendVerificationEmail).toHaveBeenCalledExactlyOnceWith({
        userId: "u_1",
        eventId: "01EVENTID",
        issuedAt: new Date(TS),
      });
      expect(ctx.step.run).toHaveBeenCalledWith("send-email", expect.any(Function));
    },
  );

  it("fails for good on an event without an id, sending nothing", async () => {
    const { error } = await run(withoutId("user/registered"));
    expect(error).toMatchObject({ name: NonRetriableError.name, message: "the event has no id" });
    expect(sendVerificationEmail).not.toHaveBeenCalled();
  });

  it("fails the step when the send fails, so Inngest retries it", async () => {
    vi.mocked(sendVerificationEmail).mockRejectedValue(new Error("Email to a@b.test failed: 503"));
    const { error } = await run(event("user/registered"));
    expect(error).toMatchObject({ message: expect.stringMatching(/503/) });
  });
});

describe("send-password-reset-email", () => {
  it("sends the reset email keyed by the event and dated by it", async () => {
    vi.mocked(sendPasswordResetEmail).mockResolvedValue(SENT);
    const t = new InngestTestEngine({
      function: sendPasswordResetEmailFn,
      events: [event("user/password-reset.requested")],
    });
    const { result } = await t.execute();
    expect(result).toEqual(SENT);
    expect(sendPasswordResetEmail).toHaveBeenCalledExactlyOnceWith({
      userId: "u_1",
      eventId: "01EVENTID",
      issuedAt: new Date(TS),
    });
  });

  it("fails for good on an event without an id", async () => {
    const t = new InngestTestEngine({
      function: sendPasswordResetEmailFn,
      events: [withoutId("user/password-reset.requested")],
    });
    const { error } = await t.execute();
    expect(error).toMatchObject({ name: NonRetriableError.name });
    expect(sendPasswordResetEmail).not.toHaveBeenCalled();
  });
});

describe("send-password-changed-email", () => {
  it("sends the notice keyed by the event", async () => {
    vi.mocked(sendPasswordChangedEmail).mockResolvedValue({ sent: false, reason: "account deleted" });
    const t = new InngestTestEngine({ function: sendPasswordChangedEmailFn, events: [event("user/password.changed")] });
    const { result } = await t.execute();
    expect(result).toEqual({ sent: false, reason: "account deleted" });
    expect(sendPasswordChangedEmail).toHaveBeenCalledExactlyOnceWith({ userId: "u_1", eventId: "01EVENTID" });
  });
});

describe("send-account-exists-email", () => {
  it("sends the notice keyed by the event", async () => {
    vi.mocked(sendAccountExistsEmail).mockResolvedValue(SENT);
    const t = new InngestTestEngine({
      function: sendAccountExistsEmailFn,
      events: [event("user/registration.attempted")],
    });
    const { result } = await t.execute();
    expect(result).toEqual(SENT);
    expect(sendAccountExistsEmail).toHaveBeenCalledExactlyOnceWith({ userId: "u_1", eventId: "01EVENTID" });
  });
});
