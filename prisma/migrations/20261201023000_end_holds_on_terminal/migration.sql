-- Delivered, completed and cancelled end a hold (src/server/services/shipments/transition.ts); loads that ended
-- while held before that rule kept the hold: end it now.
UPDATE "Shipment" SET "heldAt" = NULL, "heldReason" = NULL
 WHERE "heldAt" IS NOT NULL AND "status" IN ('DELIVERED', 'COMPLETED', 'CANCELLED');
