-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "appliedAt" TIMESTAMPTZ(3),
ADD COLUMN     "payload" JSONB;

-- Events recorded before the hand-off to Inngest were applied in the same transaction that recorded them.
UPDATE "StripeEvent" SET "appliedAt" = "processedAt" WHERE "appliedAt" IS NULL;
