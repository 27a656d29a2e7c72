// src/env.js refuses a production build or start without what production needs; here, Stripe's keys (issue 13):
// without them no shipper could pay to post and no webhook would be accepted.
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };

/** Loads src/env.js afresh under `vars` (on top of a minimal valid production environment); resolves its `env`. */
async function loadEnv(vars: Record<string, string | undefined>) {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, {
    NODE_ENV: "production",
    AUTH_SECRET: "a".repeat(40),
    DATABASE_URL: "postgresql://app@db.internal:5432/app",
    RESEND_API_KEY: "re_live_key",
    INNGEST_EVENT_KEY: "event-key",
    INNGEST_SIGNING_KEY: "signkey-prod-0123abcd",
  });
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  vi.resetModules();
  const mod = (await import("./env.js")) as { env: Record<string, unknown> };
  return mod.env;
}

afterEach(() => {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, saved);
  vi.resetModules();
  vi.restoreAllMocks();
});

const stripeKeys = { STRIPE_SECRET_KEY: "sk_live_51abc", STRIPE_WEBHOOK_SECRET: "whsec_abc123" };

describe("Stripe keys in production", () => {
  it("starts with both keys", async () => {
    const env = await loadEnv(stripeKeys);
    expect(env.STRIPE_SECRET_KEY).toBe("sk_live_51abc");
    expect(env.STRIPE_WEBHOOK_SECRET).toBe("whsec_abc123");
  });

  it.each([
    ["no secret key", { ...stripeKeys, STRIPE_SECRET_KEY: undefined }, "STRIPE_SECRET_KEY"],
    ["an empty secret key", { ...stripeKeys, STRIPE_SECRET_KEY: "" }, "STRIPE_SECRET_KEY"],
    ["a publishable key for the secret", { ...stripeKeys, STRIPE_SECRET_KEY: "pk_live_51abc" }, "STRIPE_SECRET_KEY"],
    ["no webhook secret", { ...stripeKeys, STRIPE_WEBHOOK_SECRET: undefined }, "STRIPE_WEBHOOK_SECRET"],
    ["a webhook secret of the wrong kind", { ...stripeKeys, STRIPE_WEBHOOK_SECRET: "secret" }, "STRIPE_WEBHOOK_SECRET"],
  ])("refuses to start with %s, naming the variable", async (_label, vars, name) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await expect(loadEnv(vars)).rejects.toThrow(/Invalid environment variables/);
    expect(JSON.stringify(logged.mock.calls)).toContain(name);
  });

  it("leaves both optional outside production (payments then say they are not configured)", async () => {
    const env = await loadEnv({
      NODE_ENV: "development",
      STRIPE_SECRET_KEY: undefined,
      STRIPE_WEBHOOK_SECRET: undefined,
    });
    expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(env.STRIPE_WEBHOOK_SECRET).toBeUndefined();
  });
});
