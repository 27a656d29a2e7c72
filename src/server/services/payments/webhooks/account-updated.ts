// account.updated: a driver's Connect account changed (onboarding finished, Stripe restricted it). The event's
// object was replaced by the account as re-read from Stripe (handle-stripe-webhook.ts refetchers), so an old or
// reordered event still writes the current state; writing it twice changes nothing.
import type Stripe from "stripe";

import { applyAccountInTx } from "../../payouts/account";
import type { TTx } from "../../shipments/transition";

export async function onAccountUpdated(tx: TTx, event: Stripe.Event): Promise<string | null> {
  await applyAccountInTx(tx, event.data.object as Stripe.Account);
  return null; // no shipment changed
}
