// The Stripe adapter: the official SDK, pointed at api.stripe.com or, by host/port/protocol, at the devstack
// stand-in. Callers get the configuration explicitly (the tRPC context carries it; tests pass a stand-in's).
import Stripe from "stripe";

import { env } from "~/env";

export type TStripeConfig = {
  secretKey: string;
  /** The webhook endpoint's signing secret (`whsec_…`); without it no webhook is accepted. */
  webhookSecret: string | null;
  host?: string;
  port?: number;
  protocol?: "http" | "https";
};

/**
 * Stripe as the environment configures it (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_HOST / _PORT /
 * _PROTOCOL); null when there is no secret key: payments are off and posting is free (see services/payments).
 */
export function stripeConfigFromEnv(): TStripeConfig | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? null,
    host: env.STRIPE_API_HOST,
    port: env.STRIPE_API_PORT,
    protocol: env.STRIPE_API_PROTOCOL,
  };
}

const clients = new Map<string, Stripe>();

/** One SDK client per configuration (it keeps a connection pool). Network errors are retried twice by the SDK. */
export function stripeClient(config: TStripeConfig): Stripe {
  const key = `${config.secretKey}@${config.protocol ?? "https"}://${config.host ?? ""}:${config.port ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    client = new Stripe(config.secretKey, {
      ...(config.host ? { host: config.host } : {}),
      ...(config.port ? { port: config.port } : {}),
      ...(config.protocol ? { protocol: config.protocol } : {}),
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: "Trial Transport" },
    });
    clients.set(key, client);
  }
  return client;
}
