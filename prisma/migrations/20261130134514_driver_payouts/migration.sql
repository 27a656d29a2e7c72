-- CreateEnum
CREATE TYPE "PayoutKind" AS ENUM ('WEEKLY', 'QUICK');

-- AlterTable
ALTER TABLE "DriverProfile" ADD COLUMN     "payoutDetailsSubmitted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "payoutDisabledReason" TEXT,
ADD COLUMN     "payoutRequirements" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "payoutSyncedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "feeCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "kind" "PayoutKind" NOT NULL DEFAULT 'WEEKLY',
ADD COLUMN     "lastAttemptAt" TIMESTAMPTZ(3),
ADD COLUMN     "transferAttempt" INTEGER NOT NULL DEFAULT 0;
