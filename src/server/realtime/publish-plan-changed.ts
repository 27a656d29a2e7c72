// "Your plan changed": the hint the billing page listens for on the shipper's user channel, published after the
// commit that synced their subscription from Stripe (a webhook or a plan switch), so a page left open after the
// Billing Portal or Checkout shows the new plan without a reload.
import { REALTIME_EVENTS, userChannel, type TPlanEvent } from "~/lib/realtime";
import { publish } from "./publish";

/** Publishes `plan` (TPlanEvent) to `userId`'s channel. Resolves false when Pusher is off or refused; never throws. */
export async function publishPlanChanged(userId: string, subscriptionId: string): Promise<boolean> {
  const event: TPlanEvent = { subscriptionId, at: new Date().toISOString() };
  return publish(userChannel(userId), REALTIME_EVENTS.plan, event);
}
