-- AlterTable
ALTER TABLE "RecipientNotice" ADD COLUMN     "claimedUntil" TIMESTAMPTZ(3);
