import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resend } from "resend";
import { afterEach, describe, expect, it } from "vitest";
import { startDevstack, type Devstack } from "./start";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function start(opts: Parameters<typeof startDevstack>[0]): Promise<Devstack> {
  const stack = await startDevstack(opts);
  cleanups.push(() => stack.close());
  return stack;
}

describe("startDevstack", () => {
  it("returns working env vars for the app, with a fresh random key per run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "devstack-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const outboxFile = join(dir, "nested", "outbox.jsonl");

    const stack = await start({ resendPort: 0, resendOutboxFile: outboxFile });
    const other = await start({ resendPort: 0 });
    expect(Object.keys(stack.env).sort()).toEqual(["RESEND_API_KEY", "RESEND_BASE_URL"]);
    expect(stack.env.RESEND_API_KEY).toMatch(/^re_local_[0-9a-f]{32}$/);
    expect(other.env.RESEND_API_KEY).not.toBe(stack.env.RESEND_API_KEY);
    expect(stack.env.RESEND_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // (RESEND_BASE_URL-from-env is covered by the contract test; here the explicit option keeps env untouched.)
    const resend = new Resend(stack.env.RESEND_API_KEY, { baseUrl: stack.env.RESEND_BASE_URL });
    const { data, error } = await resend.emails.send({
      from: "noreply@acme.test",
      to: "ada@example.com",
      subject: "Hi",
      text: "Hi",
    });
    expect(error).toBeNull();

    // The key of one run is not accepted by another run.
    const cross = new Resend(other.env.RESEND_API_KEY, { baseUrl: stack.env.RESEND_BASE_URL });
    expect((await cross.emails.get(data?.id ?? "")).error?.name).toBe("invalid_api_key");

    await stack.close();
    const lines = (await readFile(outboxFile, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ id: data?.id, to: ["ada@example.com"], subject: "Hi" });

    // Closed means closed: the SDK now reports a network failure.
    const after = await resend.emails.send({
      from: "noreply@acme.test",
      to: "ada@example.com",
      subject: "x",
      text: "x",
    });
    expect(after.error).toMatchObject({ name: "application_error", statusCode: null });
  });

  it("fails clearly when the port is taken", async () => {
    const first = await start({ resendPort: 0 });
    const port = Number(new URL(first.env.RESEND_BASE_URL ?? "").port);
    await expect(startDevstack({ resendPort: port })).rejects.toThrow(/already in use/);
  });
});
