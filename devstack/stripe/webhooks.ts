// Webhook delivery as Stripe does it: each event POSTed as JSON to every endpoint that wants its type, signed with
// the endpoint's secret in `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`
// (https://docs.stripe.com/webhooks#verify-manually), retried with growing delays until a 2xx answer.
import { createHmac, randomBytes } from "node:crypto";

import { stripeId, type TEvent } from "./store";

export type TWebhookEndpoint = {
  id: string;
  object: "webhook_endpoint";
  url: string;
  enabled_events: string[];
  secret: string;
  status: "enabled" | "disabled";
  created: number;
  livemode: false;
};

export type TDeliveryAttempt = {
  eventId: string;
  endpointId: string;
  attempt: number;
  status: number | null;
  at: number;
};

/** The header Stripe sends: `t=<seconds>,v1=<signature>`. */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export class WebhookDelivery {
  readonly endpoints = new Map<string, TWebhookEndpoint>();
  readonly attempts: TDeliveryAttempt[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /** Metadata values whose events are held back (tests that must see a page before the webhook lands). */
  private readonly holds = new Set<string>();
  private readonly heldEvents: TEvent[] = [];

  /** `retryDelaysMs[i]` is the wait before retry i+1; Stripe's own schedule spans three days. */
  constructor(private readonly retryDelaysMs: number[]) {}

  addEndpoint(url: string, enabledEvents: string[] = ["*"], secret = newWebhookSecret()): TWebhookEndpoint {
    const endpoint: TWebhookEndpoint = {
      id: stripeId("we"),
      object: "webhook_endpoint",
      url,
      enabled_events: enabledEvents,
      secret,
      status: "enabled",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
    this.endpoints.set(endpoint.id, endpoint);
    return endpoint;
  }

  /** Holds back every event whose object's metadata has the value `value`, until `release(value)`. */
  hold(value: string): void {
    this.holds.add(value);
  }

  /** Stops holding `value` and sends what was held for it, in the order the events happened. */
  release(value: string): number {
    this.holds.delete(value);
    const ready = this.heldEvents.filter((e) => !this.isHeld(e));
    for (const e of ready) this.heldEvents.splice(this.heldEvents.indexOf(e), 1);
    for (const e of ready) this.dispatch(e);
    return ready.length;
  }

  private isHeld(event: TEvent): boolean {
    const object = event.data.object as {
      metadata?: Record<string, string>;
      parent?: { subscription_details?: { metadata?: Record<string, string> } | null } | null;
    } | null;
    // An invoice carries its subscription's metadata under `parent`: held with the subscription's own events.
    const metadata = { ...object?.parent?.subscription_details?.metadata, ...object?.metadata };
    return Object.values(metadata).some((v) => this.holds.has(v));
  }

  /** Sends `event` to every enabled endpoint that subscribes to its type; returns how many will receive it. */
  dispatch(event: TEvent): number {
    if (this.isHeld(event)) {
      this.heldEvents.push(event);
      return 0;
    }
    const targets = [...this.endpoints.values()].filter(
      (e) => e.status === "enabled" && (e.enabled_events.includes("*") || e.enabled_events.includes(event.type)),
    );
    event.pending_webhooks = targets.length;
    for (const endpoint of targets) this.track(this.attempt(event, endpoint, 1));
    return targets.length;
  }

  /** Resends an event now (the Dashboard's "Resend"), whatever its earlier attempts did. */
  resend(event: TEvent): void {
    for (const endpoint of this.endpoints.values()) this.track(this.attempt(event, endpoint, 1, false));
  }

  private track(p: Promise<void>) {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async attempt(event: TEvent, endpoint: TWebhookEndpoint, n: number, retry = true): Promise<void> {
    if (this.closed) return;
    // Signed at send time: each retry carries a fresh timestamp, so a receiver's tolerance applies per attempt.
    const payload = JSON.stringify({ ...event, pending_webhooks: Math.max(event.pending_webhooks, 0) }, null, 2);
    let status: number | null;
    try {
      const res = await fetch(endpoint.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signatureHeader(payload, endpoint.secret),
        },
        body: payload,
        signal: AbortSignal.timeout(20_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = null;
    }
    this.attempts.push({ eventId: event.id, endpointId: endpoint.id, attempt: n, status, at: Date.now() });
    if (status !== null && status >= 200 && status < 300) {
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      return;
    }
    const delay = this.retryDelaysMs[n - 1];
    if (!retry || delay === undefined || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.attempt(event, endpoint, n + 1));
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  /** Resolves once no delivery is in flight (retries still scheduled are not waited for). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
