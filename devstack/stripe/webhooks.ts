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

/** A delivery not yet answered with a 2xx and not out of retries: its next attempt and when it is due (ms epoch). */
export type TPendingDelivery = { eventId: string; endpointId: string; attempt: number; dueAt: number };

/** What `WebhookDelivery.dump()` returns; events are named by id (the store holds them). */
export type TDeliveryState = {
  endpoints: TWebhookEndpoint[];
  attempts: TDeliveryAttempt[];
  pending: TPendingDelivery[];
  heldEventIds: string[];
  holds: string[];
};

export class WebhookDelivery {
  readonly endpoints = new Map<string, TWebhookEndpoint>();
  readonly attempts: TDeliveryAttempt[] = [];
  /** Deliveries still owed, by `eventId endpointId`: kept across a restart (persist.ts), so none is lost. */
  private readonly pending = new Map<string, TPendingDelivery>();
  /** Called after every change worth saving (a delivery sent, answered, scheduled). */
  onChange: () => void = () => undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /** Metadata values whose events are held back (tests that must see a page before the webhook lands). */
  private readonly holds = new Set<string>();
  private readonly heldEvents: TEvent[] = [];

  /** `retryDelaysMs[i]` is the wait before retry i+1; Stripe's own schedule spans three days. */
  constructor(private readonly retryDelaysMs: number[]) {}

  /** Endpoints (with their secrets), the attempt log, the deliveries still owed and the held events, as JSON. */
  dump(): TDeliveryState {
    return {
      endpoints: [...this.endpoints.values()],
      attempts: this.attempts,
      pending: [...this.pending.values()],
      heldEventIds: this.heldEvents.map((e) => e.id),
      holds: [...this.holds],
    };
  }

  /**
   * Takes a `dump()` back and re-arms every delivery still owed: each is attempted when it was due (at once when that
   * time passed while stopped), so an event whose delivery the stop cut off is sent again (at least once, as
   * Stripe). `event` finds an event by id (the store's); deliveries of unknown events or endpoints are dropped.
   */
  restore(state: TDeliveryState, event: (id: string) => TEvent | undefined): void {
    this.endpoints.clear();
    for (const e of state.endpoints) this.endpoints.set(e.id, e);
    this.attempts.splice(0, this.attempts.length, ...state.attempts);
    this.holds.clear();
    for (const h of state.holds) this.holds.add(h);
    this.heldEvents.splice(0, this.heldEvents.length);
    for (const id of state.heldEventIds) {
      const e = event(id);
      if (e) this.heldEvents.push(e);
    }
    this.pending.clear();
    for (const p of state.pending) {
      const e = event(p.eventId);
      const endpoint = this.endpoints.get(p.endpointId);
      if (!e || !endpoint) continue;
      this.pending.set(`${p.eventId} ${p.endpointId}`, p);
      this.schedule(e, endpoint, p.attempt, Math.max(0, p.dueAt - Date.now()));
    }
  }

  private schedule(event: TEvent, endpoint: TWebhookEndpoint, n: number, delay: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.attempt(event, endpoint, n));
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

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
    for (const endpoint of targets) {
      this.pending.set(`${event.id} ${endpoint.id}`, {
        eventId: event.id,
        endpointId: endpoint.id,
        attempt: 1,
        dueAt: Date.now(),
      });
      this.track(this.attempt(event, endpoint, 1));
    }
    this.onChange();
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
    const key = `${event.id} ${endpoint.id}`;
    try {
      if (status !== null && status >= 200 && status < 300) {
        event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
        if (retry) this.pending.delete(key);
        return;
      }
      if (!retry) return; // a resend: the event's own deliveries go on as they were
      const delay = this.retryDelaysMs[n - 1];
      if (delay === undefined) {
        this.pending.delete(key); // out of retries, as Stripe gives up
        return;
      }
      // Recorded even when stopping, so the next start makes this retry.
      this.pending.set(key, { eventId: event.id, endpointId: endpoint.id, attempt: n + 1, dueAt: Date.now() + delay });
      if (!this.closed) this.schedule(event, endpoint, n + 1, delay);
    } finally {
      this.onChange();
    }
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
