-- AlterEnum
ALTER TYPE "NotificationType" ADD VALUE 'DAILY_SUMMARY';

-- AlterTable
ALTER TABLE "DailySummary" ADD COLUMN     "skipped" TEXT;
