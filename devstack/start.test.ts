import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Pusher from "pusher";
import PusherJS from "pusher-js";
import { Resend } from "resend";
import twilio from "twilio";
import { afterEach, describe, expect, it } from "vitest";
import { BaseUrlRequestClient } from "~/server/integrations/twilio/base-url-client";
import { devstackPorts, portBaseFromEnv, startDevstack, type Devstack } from "./start";

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

    const stack = await start({ portBase: 0, resendOutboxFile: outboxFile });
    const other = await start({ portBase: 0 });
    expect(Object.keys(stack.env).sort()).toEqual([
      "INNGEST_BASE_URL",
      "INNGEST_EVENT_KEY",
      "INNGEST_SIGNING_KEY",
      "PUSHER_APP_ID",
      "PUSHER_HOST",
      "PUSHER_KEY",
      "PUSHER_PORT",
      "PUSHER_SECRET",
      "RESEND_API_KEY",
      "RESEND_BASE_URL",
      "STRIPE_API_HOST",
      "STRIPE_API_PORT",
      "STRIPE_API_PROTOCOL",
      "STRIPE_SECRET_KEY",
      "STRIPE_WEBHOOK_SECRET",
      "TWILIO_ACCOUNT_SID",
      "TWILIO_AUTH_TOKEN",
      "TWILIO_BASE_URL",
      "TWILIO_FROM_NUMBER",
      "UPLOADTHING_API_URL",
      "UPLOADTHING_INGEST_URL",
      "UPLOADTHING_TOKEN",
      "UPLOADTHING_UFS_HOST",
    ]);
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

  it("gives the app a working Pusher: the server SDK and pusher-js configured only from its env lines", async () => {
    const stack = await start({ portBase: 0 });
    const other = await start({ portBase: 0 });
    const env = stack.env;
    expect(env.PUSHER_HOST).toBe("127.0.0.1");
    expect(env.PUSHER_SECRET).toMatch(/^[0-9a-f]{32}$/);
    expect(other.env.PUSHER_SECRET).not.toBe(env.PUSHER_SECRET);
    expect(other.env.PUSHER_PORT).not.toBe(env.PUSHER_PORT);
    expect(stack.urls.pusher).toContain(`ws://127.0.0.1:${env.PUSHER_PORT}/app/${env.PUSHER_KEY}`);

    const server = new Pusher({
      appId: env.PUSHER_APP_ID ?? "",
      key: env.PUSHER_KEY ?? "",
      secret: env.PUSHER_SECRET ?? "",
      host: env.PUSHER_HOST ?? "",
      port: env.PUSHER_PORT ?? "",
      useTLS: false,
    });
    const client = new PusherJS(env.PUSHER_KEY ?? "", {
      cluster: "local",
      wsHost: env.PUSHER_HOST,
      wsPort: Number(env.PUSHER_PORT),
      forceTLS: false,
      enabledTransports: ["ws"],
      enableStats: false,
    });
    cleanups.push(async () => client.disconnect());
    const channel = client.subscribe("devstack-check");
    await new Promise((resolve) => channel.bind("pusher:subscription_succeeded", resolve));
    const received = new Promise((resolve) => channel.bind("hello", resolve));
    await server.trigger("devstack-check", "hello", { ok: true });
    expect(await received).toEqual({ ok: true });

    // The secret of one run is refused by another.
    const cross = new Pusher({
      appId: env.PUSHER_APP_ID ?? "",
      key: env.PUSHER_KEY ?? "",
      secret: other.env.PUSHER_SECRET ?? "",
      host: env.PUSHER_HOST ?? "",
      port: env.PUSHER_PORT ?? "",
      useTLS: false,
    });
    await expect(cross.trigger("devstack-check", "hello", {})).rejects.toMatchObject({ status: 401 });

    await stack.close();
    await expect(fetch(`http://127.0.0.1:${env.PUSHER_PORT}/apps/${env.PUSHER_APP_ID}/channels`)).rejects.toThrow();
  });

  it("gives the app a working Inngest: the official SDK configured only from its env lines runs a function", async () => {
    const { Inngest } = await import("inngest");
    const { serve } = await import("inngest/node");
    const { createServer } = await import("node:http");
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const appUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/inngest`;
    const stack = await start({ portBase: 0, inngestAppUrl: appUrl });
    const env = stack.env;
    expect(env.INNGEST_SIGNING_KEY).toMatch(/^signkey-test-[0-9a-f]{64}$/);

    const inngest = new Inngest({
      id: "devstack-check",
      isDev: false,
      baseUrl: env.INNGEST_BASE_URL,
      eventKey: env.INNGEST_EVENT_KEY,
      signingKey: env.INNGEST_SIGNING_KEY,
      logger: { info() {}, warn() {}, error() {}, debug() {} },
    });
    const ran = new Promise<string>((resolve) => {
      const fn = inngest.createFunction(
        { id: "hello", triggers: [{ event: "devstack/hello" }] },
        async ({ event, step }) =>
          step.run("greet", () => {
            resolve(String(event.data.name));
            return "ok";
          }),
      );
      server.on("request", serve({ client: inngest, functions: [fn] }));
    });
    // No sync by hand: the first event makes the executor read the app's functions.
    await inngest.send({ name: "devstack/hello", data: { name: "ada" } });
    expect(await ran).toBe("ada");
  });

  it("fails clearly when a port is taken, and leaves nothing listening behind", async () => {
    const first = await start({ portBase: 0 });
    const resendPort = Number(new URL(first.env.RESEND_BASE_URL ?? "").port);
    const pusherPort = Number(first.env.PUSHER_PORT);
    const inngestPort = Number(new URL(first.env.INNGEST_BASE_URL ?? "").port);
    await expect(startDevstack({ resendPort, pusherPort: 0, inngestPort: 0, uploadthingPort: 0 })).rejects.toThrow(
      /port \d+ for the Resend stand-in is already in use/,
    );
    await expect(startDevstack({ resendPort: 0, pusherPort, inngestPort: 0, uploadthingPort: 0 })).rejects.toThrow(
      /port \d+ for the Pusher stand-in is already in use/,
    );
    await expect(startDevstack({ resendPort: 0, pusherPort: 0, inngestPort, uploadthingPort: 0 })).rejects.toThrow(
      /port \d+ for the Inngest stand-in is already in use/,
    );
    const stripePort = Number(first.env.STRIPE_API_PORT);
    await expect(startDevstack({ resendPort: 0, pusherPort: 0, inngestPort: 0, stripePort })).rejects.toThrow(
      /port \d+ for the Stripe stand-in is already in use/,
    );

    // When Pusher's port is taken, the Resend stand-in already started is closed again: its port is free.
    const probe = await start({ portBase: 0 });
    const freedResendPort = Number(new URL(probe.env.RESEND_BASE_URL ?? "").port);
    await probe.close();
    await expect(
      startDevstack({ resendPort: freedResendPort, pusherPort, inngestPort: 0, uploadthingPort: 0 }),
    ).rejects.toThrow(/Pusher/);
    const again = await start({
      resendPort: freedResendPort,
      pusherPort: 0,
      inngestPort: 0,
      stripePort: 0,
      uploadthingPort: 0,
    });
    expect(again.env.RESEND_BASE_URL).toBe(`http://127.0.0.1:${freedResendPort}`);
  });
});

describe("devstack Twilio", () => {
  it("gives the app a working Twilio: the SDK configured only from its env lines sends, another run's token fails", async () => {
    const stack = await start({ portBase: 0 });
    const other = await start({ portBase: 0 });
    const env = stack.env;
    expect(env.TWILIO_AUTH_TOKEN).toMatch(/^[0-9a-f]{32}$/);
    expect(other.env.TWILIO_AUTH_TOKEN).not.toBe(env.TWILIO_AUTH_TOKEN);
    const client = (token: string) =>
      twilio(env.TWILIO_ACCOUNT_SID, token, { httpClient: new BaseUrlRequestClient(env.TWILIO_BASE_URL ?? "") });
    const sent = await client(env.TWILIO_AUTH_TOKEN ?? "").messages.create({
      to: "+14155550100",
      from: env.TWILIO_FROM_NUMBER ?? "",
      body: "hi",
    });
    expect(sent.status).toBe("queued");
    await expect(
      client(other.env.TWILIO_AUTH_TOKEN ?? "").messages.create({
        to: "+14155550100",
        from: env.TWILIO_FROM_NUMBER ?? "",
        body: "hi",
      }),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
  });
});

describe("devstack ports", () => {
  it("keeps 4010 for Resend and puts Pusher on 4011, Inngest on 4012, Twilio on 4013 and UploadThing on 4014 by default", () => {
    expect(devstackPorts({}, {})).toEqual({
      resend: 4010,
      pusher: 4011,
      inngest: 4012,
      twilio: 4013,
      uploadthing: 4014,
    });
  });

  it("follows DEVSTACK_PORT_BASE or the portBase option, with 0 meaning free ports", () => {
    expect(devstackPorts({}, { DEVSTACK_PORT_BASE: "4100" })).toEqual({
      resend: 4110,
      pusher: 4111,
      inngest: 4112,
      twilio: 4113,
      uploadthing: 4114,
    });
    expect(devstackPorts({}, { DEVSTACK_PORT_BASE: "0" })).toEqual({
      resend: 0,
      pusher: 0,
      inngest: 0,
      twilio: 0,
      uploadthing: 0,
    });
    expect(devstackPorts({ portBase: 5000 }, { DEVSTACK_PORT_BASE: "4100" })).toEqual({
      resend: 5010,
      pusher: 5011,
      inngest: 5012,
      twilio: 5013,
      uploadthing: 5014,
    });
    expect(devstackPorts({ portBase: 0, pusherPort: 6001 }, {})).toEqual({
      resend: 0,
      pusher: 6001,
      inngest: 0,
      twilio: 0,
      uploadthing: 0,
    });
    expect(devstackPorts({ resendPort: 0 }, {})).toEqual({
      resend: 0,
      pusher: 4011,
      inngest: 4012,
      twilio: 4013,
      uploadthing: 4014,
    });
  });

  it("refuses a DEVSTACK_PORT_BASE that is not a usable port number", () => {
    expect(portBaseFromEnv({})).toBeUndefined();
    for (const raw of ["abc", "-1", "4000.5", "65530", " 4000"]) {
      expect(() => portBaseFromEnv({ DEVSTACK_PORT_BASE: raw })).toThrow(/DEVSTACK_PORT_BASE/);
    }
  });
});
