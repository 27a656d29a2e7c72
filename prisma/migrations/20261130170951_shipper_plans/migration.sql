-- CreateEnum
CREATE TYPE "ShipperPlan" AS ENUM ('FREE', 'PRO', 'BUSINESS');

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "plan" "ShipperPlan" NOT NULL DEFAULT 'FREE',
ADD COLUMN     "stripeStatus" TEXT;
