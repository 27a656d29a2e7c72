-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'EXPIRED';

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "checkoutExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "checkoutUrl" TEXT,
ADD COLUMN     "failureMessage" TEXT,
ADD COLUMN     "paidAt" TIMESTAMPTZ(3),
ADD COLUMN     "refundDueCents" INTEGER,
ADD COLUMN     "refundFailureReason" TEXT,
ADD COLUMN     "refundStatus" "RefundStatus",
ADD COLUMN     "stripeRefundId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Payment_stripeRefundId_key" ON "Payment"("stripeRefundId");
