-- AlterTable
ALTER TABLE "ProofOfDelivery" ADD COLUMN     "capturedAt" TIMESTAMPTZ(3),
ADD COLUMN     "idempotencyKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ProofOfDelivery_idempotencyKey_key" ON "ProofOfDelivery"("idempotencyKey");
