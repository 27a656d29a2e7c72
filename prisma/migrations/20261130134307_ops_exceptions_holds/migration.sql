-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "deliveryCodeVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "heldAt" TIMESTAMPTZ(3),
ADD COLUMN     "heldReason" TEXT;

-- CreateTable
CREATE TABLE "OpsExceptionResolution" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "conditionSince" TIMESTAMPTZ(3) NOT NULL,
    "resolvedById" TEXT,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpsExceptionResolution_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OpsExceptionResolution_key_conditionSince_idx" ON "OpsExceptionResolution"("key", "conditionSince");
