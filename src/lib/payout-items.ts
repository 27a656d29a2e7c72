// How a payout's line reads on the driver's Earnings page and the admins' payouts page: a load's pay by its
// reference, a cancellation fee as TONU ("truck order not used", the carrier's fee for a cancelled load).
import type { PayoutItemKind } from "~/generated/prisma/enums";

/** "TT-7K3F9Q" for a load's pay; "Cancellation fee (TONU) – TT-7K3F9Q" for a cancelled load's fee. */
export function payoutItemLabel(item: { kind: PayoutItemKind; reference: string }): string {
  return item.kind === "CANCELLATION_FEE" ? `Cancellation fee (TONU) – ${item.reference}` : item.reference;
}
