-- A payout item pays a completed load (LOAD) or the cancellation fee (TONU) of a load the shipper cancelled after
-- the driver accepted (CANCELLATION_FEE, src/server/services/payouts/cancellation-fees.ts). Every existing item is a
-- load's pay. "PayoutItem_shipmentId_key" stays unique across both kinds: one item per shipment, whichever kind.
CREATE TYPE "PayoutItemKind" AS ENUM ('LOAD', 'CANCELLATION_FEE');

ALTER TABLE "PayoutItem" ADD COLUMN "kind" "PayoutItemKind" NOT NULL DEFAULT 'LOAD';
